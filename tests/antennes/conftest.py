import pytest

from antennes.models import Antenne, Commune, MembreEquipe
from tests.factories import MembreEquipeFactory


@pytest.fixture
def bruay(plan_charge):
    """An antenne besides the siège, with no team yet."""
    return Antenne.objects.create(
        nom="Antenne de Bruay",
        adresse="1 rue de la Gare",
        commune=Commune.objects.get(nom="Bruay-la-Buissière"),
    )


@pytest.fixture
def responsable(bruay, client_de, compte_equipe):
    """The client of the `equipe` account, responsable of the Bruay antenne."""
    bruay.responsable = MembreEquipeFactory(
        utilisateur=compte_equipe, antenne=bruay, poste=MembreEquipe.Poste.RESPONSABLE
    )
    bruay.save()
    return client_de(compte_equipe)
