"""On PostgreSQL, the journal, its changes and the measures refuse UPDATE and DELETE in the database
itself, whatever bypasses the ORM (raw SQL, a script, a cascade). TRUNCATE, used only to empty a test
database or by a restore, is not a row operation and stays possible."""

from django.db import migrations

TABLES = ["suivi_entreejournal", "suivi_changement", "suivi_mesure"]

FONCTION = """
CREATE OR REPLACE FUNCTION refuser_modification_ajout_seul() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'La table % est en ajout seul : ni modification ni suppression.', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # No parameters: the function body holds a literal % (RAISE's placeholder), not a query one.
    schema_editor.execute(FONCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_ajout_seul BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuser_modification_ajout_seul()"
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_ajout_seul ON {table}")


class Migration(migrations.Migration):
    dependencies = [("suivi", "0001_journal_indicateurs_mesures")]

    operations = [migrations.RunPython(creer, supprimer)]
