"""Query idioms shared by the apps."""

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce


def compte(lignes, groupe):
    """The number of `lignes` as a subquery (0 when none), for an annotation of an outer query:
    `lignes` is filtered on the outer row (OuterRef) and `groupe` is a field whose value all of them
    share, grouped on so that the database returns one count. Counting through joins instead
    multiplies the outer rows by each related table, which COUNT(DISTINCT …) then has to undo."""
    nombre = lignes.order_by().values(groupe).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(nombre, output_field=IntegerField()), 0)
