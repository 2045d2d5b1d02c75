"""Loading the reference fixtures: the plan here, and whatever the domain apps register.

Domain apps sit on top of the plan: they register their own loader (communes, antennes,
partenaires...) from their AppConfig.ready(), and `charger_plan` runs them after the plan's, in the
order of INSTALLED_APPS. The plan app imports none of them.
"""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

CHARGEURS = []


def enregistrer_chargeur(fonction):
    """Register `fonction(sync, rapport)`, run by charger_plan inside its transaction."""
    if fonction not in CHARGEURS:
        CHARGEURS.append(fonction)
    return fonction


def lire(nom):
    return json.loads((FIXTURES / nom).read_text(encoding="utf-8"))


class Synchroniseur:
    """Create or update rows by natural key, saving only when a reference field differs."""

    def __init__(self):
        self.compteurs = Counter()

    def __call__(self, model, cles, valeurs):
        obj = model.objects.filter(**cles).first()
        if obj is None:
            obj = model(**cles, **valeurs)
            obj.save()
            self.compteurs[model._meta.verbose_name_plural, "créés"] += 1
            return obj
        modifies = [champ for champ, valeur in valeurs.items() if getattr(obj, champ) != valeur]
        if modifies:
            for champ in modifies:
                setattr(obj, champ, valeurs[champ])
            obj.save(update_fields=modifies)
            self.compteurs[model._meta.verbose_name_plural, "modifiés"] += 1
        else:
            self.compteurs[model._meta.verbose_name_plural, "inchangés"] += 1
        return obj
