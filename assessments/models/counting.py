"""Counting rows in the database, as a column of the rows that own them."""

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_per(rows: QuerySet[Any], owner: str, *, distinct: bool = False) -> Coalesce:
    """How many of ``rows`` each owning row has (0 for none), as a subquery: ``rows`` are
    narrowed to an ``OuterRef`` of the owner, and ``owner`` is the path from them to it, which the
    count is grouped on. ``distinct`` counts each row once where ``rows`` join to many."""
    # Unordered: an ordering of ``rows`` would be grouped on too, one count for each of its values.
    counted = rows.order_by().values(owner).annotate(n=Count("pk", distinct=distinct)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
