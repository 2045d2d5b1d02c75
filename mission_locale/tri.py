"""French alphabetical order for names (communes, people, partners, antennes), the same on
PostgreSQL and SQLite: « Béthune » before « Busnes », « Éric » beside « Eric », « de la Tour » among
the D's. Byte order, the databases' default here (C.UTF-8), puts every accented or lowercase
initial after Z.

PostgreSQL orders with its ICU collation « fr-x-icu » (present whenever PostgreSQL is built with ICU,
as Debian's is); SQLite with a collation of the same name registered on each new connection
(`installer_sur_sqlite`, connected in comptes/apps.py), keyed on accent-stripped, case-folded text.

    Commune.objects.order_by(TriFrancais("nom"))
    class Meta: ordering = [TriFrancais("nom")]
    queryset.order_by(*ordre_francais("last_name", "first_name"))
"""

import unicodedata

from django.db.models.functions import Collate
from django.utils.deconstruct import deconstructible

COLLATION_POSTGRESQL = "fr-x-icu"
COLLATION_SQLITE = "francais"
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def cle_de_tri(texte):
    """The key French order compares: letters first, then accents, then case (lowercase first), as
    ICU does. « Œ » and « Æ » are two letters, as a French dictionary files them."""
    texte = (texte or "").translate(LIGATURES)
    lettres = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return (lettres.casefold(), texte.casefold(), texte.swapcase())


def comparer(a, b):
    """SQLite collation function: negative, zero or positive, like strcmp."""
    cle_a, cle_b = cle_de_tri(a), cle_de_tri(b)
    return (cle_a > cle_b) - (cle_a < cle_b)


@deconstructible(path="mission_locale.tri.TriFrancais")
class TriFrancais(Collate):
    """A text column (or expression) ordered the French way: `TriFrancais("nom")`, `.desc()` too."""

    def __init__(self, expression):
        super().__init__(expression, COLLATION_POSTGRESQL)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(COLLATION_SQLITE)
        return super().as_sql(compiler, connection, **extra_context)


def ordre_francais(*champs):
    """Order-by terms for text fields, « -champ » for descending: `order_by(*ordre_francais(...))`."""
    return [
        TriFrancais(champ[1:]).desc() if champ.startswith("-") else TriFrancais(champ).asc()
        for champ in champs
    ]


def installer_sur_sqlite(sender, connection, **kwargs):
    """connection_created receiver: give a new SQLite connection the French collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION_SQLITE, comparer)
