"""What needs you: each person's work now, across their reviews, read from the reviews themselves
(never a to-do list of its own that could drift from them).

A SPOC or deputy sees a self-assessment to finish (how many aspects are left) and by when, a
draft awaiting their check and by when, suggested improvements with no action yet, actions due
within the warning window or overdue, and feedback to give; a senior officer, feedback to give;
a lead peer or peer sees lines of enquiry, interview notes and findings to write; a review
manager sees a team to build, reviews ready to move to their next stage, comments to resolve,
support requests to answer and dates in any review's plan that have passed with their work not
done. Each is "Overdue", "Due" or "Not yet due" by ``due_state``, as on every page.

Grouped by kind (``need_kinds.KINDS``): the home page shows the first few of each with how many
there are, and each kind has a page of its own, a page at a time. However many reviews, one
query for the person's roles, one per kind they may have (the keys of the first few and the
count), and one per kind with work to show, reading those rows whole; no review is loaded
unless shown.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Window

from assessments.reads.need_kinds import BY_SLUG, KINDS, Kind, Need
from assessments.rules import access
from peerreview.accounts.models import User

SHOWN = 3  # of each kind, on the home page


@dataclass(frozen=True)
class NeedGroup:
    kind: Kind
    needs: list[Need]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.needs)


def kinds_for(user: User, *, held: access.RolesHeld | None = None) -> list[Kind]:
    """The kinds of work ``user``'s roles on open reviews give them (as ``held``, if read)."""
    roles = (held or access.roles_held(user)).on_open_reviews
    return [kind for kind in KINDS if kind.roles & roles]


def groups_for(
    user: User, today: datetime.date, *, shown: int | None = SHOWN, held: access.RolesHeld | None = None
) -> list[NeedGroup]:
    """What needs ``user`` now, kind by kind (those with none left out): the first ``shown`` of
    each (all of them with None), soonest first, and how many there are. ``held``: their roles,
    if read already."""
    groups = []
    for kind in kinds_for(user, held=held):
        rows = kind.rows(user, today)
        first, total = _first_and_total(rows, shown)
        if first:
            needs = [kind.need(row, today) for row in rows.filter(pk__in=first)]
            groups.append(NeedGroup(kind, needs, total))
    return groups


def _first_and_total(rows: QuerySet[Any], shown: int | None) -> tuple[list[Any], int]:
    """The keys of the first ``shown`` of ``rows`` and how many rows there are, in one query
    that reads keys alone (counted by a window over them, before the limit). Only the rows
    shown are then read whole: the facts a row carries cost the ORM more to compose than the
    database takes to answer, and most kinds, for most people, have no rows at all."""
    keys = rows.annotate(kind_total=Window(Count("pk"))).values_list("pk", "kind_total")
    found = list(keys if shown is None else keys[:shown])
    return [key for key, _ in found], found[0][1] if found else 0


def kind_named(slug: str) -> Kind | None:
    """The kind of work ``slug`` names, or None."""
    return BY_SLUG.get(slug)
