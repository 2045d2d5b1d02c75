"""Full-text indexes for the search, on PostgreSQL only: GIN indexes on the very expression the
search filters on (recherche.moteur.Document.vecteur), so that a search over years of journal
reads the index instead of parsing every comment. SQLite has none (its fallback scans)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


def _index(apps):
    from recherche.moteur import INDEX

    for app, modele, document, nom in INDEX:
        yield apps.get_model(app, modele), GinIndex(document.vecteur(), name=nom)


def creer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for modele, index in _index(apps):
            schema_editor.add_index(modele, index)


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for modele, index in _index(apps):
            schema_editor.remove_index(modele, index)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0002_dates_raisonnables"),
        ("suivi", "0003_dates_raisonnables"),
    ]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
