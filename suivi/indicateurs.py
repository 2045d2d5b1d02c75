"""Indicators computed from the application's own data, declared by the app that holds the data.

An app declares its indicators in a module `indicateurs.py`, loaded at start-up as `admin.py` is:

    from suivi.indicateurs import indicateur

    @indicateur(
        code="partenaires-avec-contact",
        fiche="3.1",
        libelle="Part des partenaires ayant une personne contact",
        unite="%",
        cible=100,
    )
    def part_avec_contact(jour):
        return Decimal(...)

Each declaration becomes an `Indicateur` of its fiche (with `code` set, so nobody types its
measures; its creation is written to the journal); `python manage.py mesurer_indicateurs` (daily, by
cron) and the freezing of a meeting record each value as a dated `Mesure` through the follow-up
services. Charts, replays and reports then read them like any typed measure.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

DEUX_DECIMALES = Decimal("0.01")


@dataclass(frozen=True)
class IndicateurCalcule:
    code: str
    fiche: str
    libelle: str
    calcul: Callable
    unite: str = ""
    valeur_initiale: Decimal = Decimal(0)
    cible: Decimal = Decimal(100)
    sens: str = "augmenter"
    description: str = ""

    def calculer(self, jour):
        valeur = self.calcul(jour)
        return None if valeur is None else Decimal(valeur).quantize(DEUX_DECIMALES)


REGISTRE = {}


def indicateur(*, code, fiche, libelle, **options):
    """Declare the decorated function `f(jour) -> number or None` as a computed indicator."""

    def enregistrer(calcul):
        if code in REGISTRE and REGISTRE[code].calcul is not calcul:
            raise ValueError(f"Indicateur calculé déclaré deux fois : {code}")
        REGISTRE[code] = IndicateurCalcule(
            code=code,
            fiche=fiche,
            libelle=libelle,
            calcul=calcul,
            valeur_initiale=Decimal(options.pop("valeur_initiale", 0)),
            cible=Decimal(options.pop("cible", 100)),
            description=options.pop("description", calcul.__doc__ or "").strip(),
            **options,
        )
        return calcul

    return enregistrer


def decouvrir():
    autodiscover_modules("indicateurs")


def pour_fiche(code_fiche):
    """The declarations of a fiche, in declaration order."""
    return [d for d in REGISTRE.values() if d.fiche == code_fiche]


def synchroniser():
    """Create the Indicateur row of every declaration whose fiche exists in the plan in force."""
    from plan.models import FicheAction, Plan

    from . import services
    from .models import Indicateur

    plan = Plan.objects.en_vigueur()
    if plan is None:
        return {}
    fiches = {
        f.code: f
        for f in FicheAction.objects.du_plan(plan).filter(code__in={d.fiche for d in REGISTRE.values()})
    }
    existants = {i.code: i for i in Indicateur.objects.calcules().select_related("fiche")}
    lignes, nouveaux = {}, []
    for declaration in REGISTRE.values():
        fiche = fiches.get(declaration.fiche)
        if fiche is None:
            continue
        indicateur_ = existants.get(declaration.code)
        if indicateur_ is None:
            indicateur_ = Indicateur(
                code=declaration.code,
                libelle=declaration.libelle,
                unite=declaration.unite,
                valeur_initiale=declaration.valeur_initiale,
                cible=declaration.cible,
                sens=declaration.sens,
            )
            nouveaux.append((fiche, indicateur_))
        lignes[declaration.code] = indicateur_
    services.ajouter_indicateurs_calcules(nouveaux)
    return lignes


def mesurer_les_indicateurs(jour=None, moment=None):
    """Record the value of every computed indicator for `jour` (today by default), as measured at
    `moment` (now by default; a meeting frozen late measures just before its figures' moment).
    Returns [(indicateur, valeur, nouvelle)], `nouvelle` being False when already recorded."""
    from . import services
    from .models import a_la_date

    jour = jour or timezone.localdate()
    # Indicators are created now, whatever the moment of the measures: their journal entry holds
    # the fiche's current figures, which must not be dated in the past.
    lignes = synchroniser()
    with a_la_date(moment) if moment else nullcontext():
        valeurs = [
            (indicateur_, valeur)
            for code, indicateur_ in lignes.items()
            if (valeur := REGISTRE[code].calculer(jour)) is not None
        ]
        nouvelles = {mesure.indicateur_id for mesure in services.enregistrer_mesures_calculees(jour, valeurs)}
    return [(indicateur_, valeur, indicateur_.pk in nouvelles) for indicateur_, valeur in valeurs]
