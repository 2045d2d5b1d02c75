"""On PostgreSQL, a frozen report refuses UPDATE and DELETE in the database itself (see suivi 0002)."""

from django.db import migrations


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TRIGGER conseil_rapportfige_ajout_seul BEFORE UPDATE OR DELETE ON conseil_rapportfige "
        "FOR EACH ROW EXECUTE FUNCTION refuser_modification_ajout_seul()"
    )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS conseil_rapportfige_ajout_seul ON conseil_rapportfige")


class Migration(migrations.Migration):
    dependencies = [("conseil", "0001_instances_rapports_documents"), ("suivi", "0002_ajout_seul")]

    operations = [migrations.RunPython(creer, supprimer)]
