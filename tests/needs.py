"""Every need of every kind for one person, for tests that check across kinds (pages show
them grouped, a few of each)."""

import datetime

from assessments.reads.need_kinds import Need
from assessments.reads.what_needs_you import groups_for


def all_needs(user, today: datetime.date) -> list[Need]:
    return [need for group in groups_for(user, today, shown=None) for need in group.needs]
