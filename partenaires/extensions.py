"""What apps above this one show on an event's page, without this app importing them.

An app that attaches records to `Evenement` by a foreign key (the ambassadors' interventions of
fiche 2.1, for instance) registers from its AppConfig.ready():

    from partenaires.extensions import enregistrer_bloc_evenement

    enregistrer_bloc_evenement("Interventions des ambassadeurs", lambda evenement: [(texte, url), ...])

The function runs a bounded number of queries for one event.
"""

BLOCS_EVENEMENT = {}


def enregistrer_bloc_evenement(titre, lignes):
    BLOCS_EVENEMENT[titre] = lignes


def blocs_pour(evenement):
    return [(titre, lignes(evenement)) for titre, lignes in BLOCS_EVENEMENT.items()]
