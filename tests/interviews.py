"""Interview slots for tests, drawn from the people of the ``on_site`` fixture."""

import datetime

from assessments.services.interviews import Slot


def slot_of(on_site, starts: datetime.datetime, ends: datetime.datetime, *, room: str, who, team) -> Slot:
    """From ``starts`` to ``ends`` in ``room``, with the stakeholders keyed ``who`` in
    ``on_site["stakeholders"]`` and the team keyed ``team`` in ``on_site`` ("lead", "peer",
    "manager")."""
    return Slot(
        starts=starts,
        ends=ends,
        location=room,
        interviewees=[on_site["stakeholders"][key] for key in who],
        interviewers=[on_site[key] for key in team],
    )
