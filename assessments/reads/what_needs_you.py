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
there are, and each kind has a page of its own, a page at a time. One query per kind the person
may have (and one for their roles), however many reviews; no review is loaded unless shown.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Window

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
    each (all of them with None), soonest first, and how many there are, counted in the query
    (a window over the rows, before the limit). ``held``: their roles, if read already."""
    groups = []
    for kind in kinds_for(user, held=held):
        rows = kind.rows(user, today).annotate(kind_total=Window(Count("pk")))
        loaded = list(rows if shown is None else rows[:shown])
        if loaded:
            needs = [kind.need(row, today) for row in loaded]
            groups.append(NeedGroup(kind, needs, loaded[0].kind_total))
    return groups


def kind_named(slug: str) -> Kind | None:
    """The kind of work ``slug`` names, or None."""
    return BY_SLUG.get(slug)
