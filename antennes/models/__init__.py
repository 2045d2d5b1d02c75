"""The antennes app's models, one module per tool: the territory (communes, antennes, permanences,
team, offer of services), reception spaces (fiche 1.3), procedures (1.4), continuity (1.5)."""

from .accueil import (
    NOTE_MAX,
    ActionAmelioration,
    CritereAccueil,
    EvaluationAccueil,
    NoteCritere,
    PhotoAccueil,
    chemin_photo,
    valider_photo,
)
from .continuite import AbsenceConseiller
from .procedures import DeploiementProcedure, EnqueteSatisfaction, VersionProcedure, chemin_procedure
from .territoire import (
    Antenne,
    Commune,
    JeunesSuivis,
    MembreEquipe,
    OffreAntenne,
    Permanence,
    Procedure,
    ThemeOffre,
)

__all__ = [
    "NOTE_MAX",
    "AbsenceConseiller",
    "ActionAmelioration",
    "Antenne",
    "Commune",
    "CritereAccueil",
    "DeploiementProcedure",
    "EnqueteSatisfaction",
    "EvaluationAccueil",
    "JeunesSuivis",
    "MembreEquipe",
    "NoteCritere",
    "OffreAntenne",
    "Permanence",
    "PhotoAccueil",
    "Procedure",
    "ThemeOffre",
    "VersionProcedure",
    "chemin_photo",
    "chemin_procedure",
    "valider_photo",
]
