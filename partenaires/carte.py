"""The partners' layer of the territory map: partners with an address, at their commune's town hall
(no geocoding: nothing leaves the server), registered from PartenairesConfig.ready()."""

from django.urls import reverse

from antennes.carte import PointCarte

from .models import Partenaire


def points():
    """One PointCarte per partner with an address and a located commune. One query."""
    types = dict(Partenaire.Type.choices)
    lignes = (
        Partenaire.objects.exclude(adresse="")
        .filter(commune__latitude__isnull=False, commune__longitude__isnull=False)
        .order_by("nom")
        .values_list(
            "pk", "nom", "type", "adresse", "commune__nom", "commune__latitude", "commune__longitude"
        )
    )
    return [
        PointCarte(
            nom=nom,
            latitude=float(latitude),
            longitude=float(longitude),
            categorie=types.get(type_, type_),
            url=reverse("partenaires:detail", args=[pk]),
            detail=f"{adresse}, {commune} (position approximative : mairie de la commune)",
        )
        for pk, nom, type_, adresse, commune, latitude, longitude in lignes
    ]
