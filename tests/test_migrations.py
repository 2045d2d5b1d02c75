"""The models and their migrations agree: a model changed without its migration fails here, in the
suite, rather than in a separate `makemigrations --check` before it (the three seconds of starting
Django once more, on the CI's critical path)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_chaque_modification_de_modele_a_sa_migration():
    sortie = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=sortie)
    except SystemExit:
        pytest.fail(f"Des modèles ont changé sans migration :\n{sortie.getvalue()}")
