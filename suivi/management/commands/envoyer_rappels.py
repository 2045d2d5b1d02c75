"""Daily reminder: each pilot and co-pilot gets one e-mail listing their fiches that are late or
not updated within their frequency, plus the lines other apps register (suivi.rappels), which may
be the whole e-mail of someone who pilots nothing. Meant for cron, e.g. every weekday at 7:30:

    30 7 * * 1-5  cd /srv/plan && .venv/bin/python manage.py envoyer_rappels --url https://plan.exemple.fr

Running it twice the same day sends nothing more (one RappelEnvoye row per person and day).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plan.models import FicheAction, Plan, Sante
from suivi.models import RappelEnvoye
from suivi.rappels import rappels_du_jour


class Command(BaseCommand):
    help = (
        "Envoie à chaque pilote et co-pilote la liste de ses fiches en retard ou à mettre à jour "
        "(un e-mail par personne et par jour au plus)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="",
            help="Adresse de l'application pour les liens des e-mails, par exemple https://plan.exemple.fr "
            "(obligatoire en production ; http://127.0.0.1:8000 par défaut en démonstration).",
        )
        parser.add_argument(
            "--a-blanc", action="store_true", help="Affiche qui recevrait un rappel, sans rien envoyer."
        )

    def handle(self, *args, url, a_blanc, **options):
        base = (url or ("http://127.0.0.1:8000" if settings.DEBUG else "")).rstrip("/")
        if not base:
            raise CommandError("Indiquez l'adresse de l'application avec --url https://… (pour les liens).")
        plan = Plan.objects.en_vigueur()
        if plan is None:
            raise CommandError("Aucun plan n'est chargé : lancez « manage.py charger_plan ».")
        aujourdhui = timezone.localdate()

        par_personne = {}
        for fiche in FicheAction.objects.du_plan(plan).pour_rappels():
            if not fiche.a_relancer:
                continue
            for personne in {fiche.pilote, *fiche.co_pilotes.all()} - {None}:
                if personne.is_active and personne.email:
                    par_personne.setdefault(personne, []).append(fiche)
        autres = {
            personne: lignes
            for personne, lignes in rappels_du_jour(aujourdhui, base).items()
            if personne.is_active and personne.email
        }
        for personne in autres:
            par_personne.setdefault(personne, [])
        deja_prevenus = set(
            RappelEnvoye.objects.filter(date=aujourdhui).values_list("destinataire_id", flat=True)
        )

        envoyes = ignores = 0
        for personne, fiches in sorted(par_personne.items(), key=lambda p: p[0].username):
            if personne.pk in deja_prevenus:
                ignores += 1
                continue
            if a_blanc:
                resume = [f.code for f in fiches] + [r.texte[:60] for r in autres.get(personne, [])]
                self.stdout.write(f"  {personne.email} : {', '.join(resume)}")
                continue
            message = self.message(personne, fiches, base, autres.get(personne, []))
            try:
                # The row is written first and rolled back if sending fails: at most one e-mail a day.
                with transaction.atomic():
                    RappelEnvoye.objects.create(destinataire=personne, date=aujourdhui, nb_fiches=len(fiches))
                    message.send()
            except IntegrityError:
                ignores += 1
                continue
            envoyes += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"{envoyes} rappel{'s' if envoyes > 1 else ''} envoyé{'s' if envoyes > 1 else ''}, "
                f"{ignores} déjà envoyé{'s' if ignores > 1 else ''} aujourd'hui."
            )
        )

    def message(self, personne, fiches, base, autres=()):
        lignes = [
            {
                "fiche": fiche,
                "url": base + fiche.get_absolute_url(),
                "en_retard": fiche.sante == Sante.EN_RETARD,
                "a_revoir": fiche.attend_une_mise_a_jour,
            }
            for fiche in sorted(fiches, key=lambda f: (f.sante != Sante.EN_RETARD, f.code))
        ]
        contexte = {
            "personne": personne,
            "lignes": lignes,
            "nb": len(lignes),
            "url_mes_actions": base + reverse("suivi:mes-actions"),
            "autres": list(autres),
        }
        sujet = render_to_string("suivi/email/rappel_sujet.txt", contexte).strip()
        message = EmailMultiAlternatives(
            sujet,
            render_to_string("suivi/email/rappel.txt", contexte),
            settings.DEFAULT_FROM_EMAIL,
            [personne.email],
        )
        message.attach_alternative(render_to_string("suivi/email/rappel.html", contexte), "text/html")
        return message
