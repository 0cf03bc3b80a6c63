"""Who may do what *when*: every state of a review's life x every role x every permission.

Each state is reached by the service's own roads (``tests/lifecycle.py``). The expected answers
are declared here from docs/access.md's "when" column, not computed from the access module, and
the test fails for any cell left undeclared.
"""

import pytest

from assessments import access
from assessments.access import Permission
from assessments.models import Role
from tests.lifecycle import STATES, bring_to

ALL = frozenset(STATES)
NEVER: frozenset[str] = frozenset()
OPEN = ALL - {"closed"}
SA_OPEN = frozenset({"s1_open"})
SA_REOPENABLE = frozenset({"s1_submitted", "s2"})
UNTIL_PUBLISHED = frozenset(
    {"s1_open", "s1_submitted", "s2", "s3", "s4", "s5_draft", "s5_checking", "s5_new_draft"}
)
CHECKING = frozenset({"s5_checking"})
AT_STAGE_5 = frozenset({"s5_draft", "s5_checking", "s5_published", "s5_new_draft"})
ONCE_PUBLISHED = frozenset({"s5_published", "s6", "s5_new_draft"})
AT_STAGE_6 = frozenset({"s6", "closed"})
CLOSED = frozenset({"closed"})

ROLES = [Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER, Role.SPOC, Role.DEPUTY_SPOC, Role.SENIOR_OFFICER]

# permission: the states in which each role may act, in ROLES order
# (lead peer, peer, review manager, SPOC, deputy SPOC, senior officer).
EXPECTED = {
    Permission.VIEW_REVIEW: (ALL, ALL, ALL, ALL, ALL, ALL),
    Permission.EDIT_REVIEW: (NEVER, NEVER, OPEN, NEVER, NEVER, NEVER),
    Permission.MANAGE_PEOPLE: (NEVER, NEVER, OPEN, NEVER, NEVER, NEVER),
    Permission.MOVE_STAGE: (NEVER, NEVER, OPEN, NEVER, NEVER, NEVER),
    Permission.REOPEN_REVIEW: (NEVER, NEVER, CLOSED, NEVER, NEVER, NEVER),
    Permission.DELETE_REVIEW: (NEVER, NEVER, frozenset({"s1_open"}), NEVER, NEVER, NEVER),
    Permission.VIEW_STAGE_REASONS: (ALL, ALL, ALL, NEVER, NEVER, NEVER),
    Permission.VIEW_SELF_ASSESSMENT: (ALL, ALL, ALL, ALL, ALL, NEVER),
    Permission.EDIT_SELF_ASSESSMENT: (NEVER, NEVER, NEVER, SA_OPEN, SA_OPEN, NEVER),
    Permission.REOPEN_SELF_ASSESSMENT: (NEVER, NEVER, SA_REOPENABLE, NEVER, NEVER, NEVER),
    Permission.VIEW_EVIDENCE: (ALL, ALL, ALL, ALL, ALL, NEVER),
    Permission.UPLOAD_EVIDENCE: (NEVER, NEVER, NEVER, SA_OPEN, SA_OPEN, NEVER),
    Permission.VIEW_LINES_OF_ENQUIRY: (ALL, ALL, ALL, NEVER, NEVER, NEVER),
    Permission.EDIT_LINES_OF_ENQUIRY: (OPEN, OPEN, OPEN, NEVER, NEVER, NEVER),
    Permission.VIEW_SCHEDULE: (ALL, ALL, ALL, ALL, ALL, NEVER),
    Permission.EDIT_SCHEDULE: (NEVER, NEVER, OPEN, NEVER, NEVER, NEVER),
    Permission.VIEW_NOTES: (ALL, ALL, ALL, NEVER, NEVER, NEVER),
    Permission.WRITE_NOTES: (OPEN, OPEN, OPEN, NEVER, NEVER, NEVER),
    Permission.EDIT_PRESENTATION: (UNTIL_PUBLISHED, UNTIL_PUBLISHED, UNTIL_PUBLISHED, NEVER, NEVER, NEVER),
    Permission.VIEW_FINDINGS: (ALL, ALL, ALL, NEVER, NEVER, NEVER),
    Permission.EDIT_FINDINGS: (UNTIL_PUBLISHED, UNTIL_PUBLISHED, UNTIL_PUBLISHED, NEVER, NEVER, NEVER),
    Permission.VIEW_DRAFT_REPORT: (ALL, ALL, ALL, CHECKING, CHECKING, NEVER),
    Permission.COMMENT_ON_REPORT: (NEVER, NEVER, NEVER, CHECKING, CHECKING, NEVER),
    Permission.PUBLISH_REPORT: (NEVER, NEVER, AT_STAGE_5, NEVER, NEVER, NEVER),
    Permission.VIEW_PUBLISHED_REPORT: (ALL, ALL, ALL, ALL, ALL, ALL),
    Permission.VIEW_ACTIONS: (ALL, ALL, ALL, ALL, ALL, ALL),
    Permission.EDIT_ACTIONS: (NEVER, NEVER, NEVER, ONCE_PUBLISHED, ONCE_PUBLISHED, NEVER),
    Permission.EXPORT_REVIEW: (NEVER, NEVER, ALL, NEVER, NEVER, NEVER),
    Permission.VIEW_SUPPORT: (NEVER, NEVER, ALL, ALL, ALL, NEVER),
    Permission.REQUEST_SUPPORT: (NEVER, NEVER, NEVER, OPEN, OPEN, NEVER),
    Permission.HANDLE_SUPPORT: (NEVER, NEVER, OPEN, NEVER, NEVER, NEVER),
    Permission.START_FOLLOW_UP: (NEVER, NEVER, AT_STAGE_6, NEVER, NEVER, NEVER),
    Permission.VIEW_AUDIT: (NEVER, NEVER, ALL, NEVER, NEVER, NEVER),
    Permission.GIVE_FEEDBACK: (NEVER, NEVER, NEVER, ONCE_PUBLISHED, ONCE_PUBLISHED, ONCE_PUBLISHED),
    Permission.SHARE_GOOD_PRACTICE: (NEVER, NEVER, NEVER, ONCE_PUBLISHED, ONCE_PUBLISHED, NEVER),
    # These states are of a first review: on a follow-up, tests/assessments/test_baseline.py.
    Permission.VIEW_BASELINE: (NEVER, NEVER, NEVER, NEVER, NEVER, NEVER),
}


def test_every_cell_is_declared():
    assert set(EXPECTED) == set(Permission), "a permission has no row here"
    for permission, row in EXPECTED.items():
        assert len(row) == len(ROLES), permission
        for states in row:
            assert states <= ALL, f"{permission}: unknown states {states - ALL}"


@pytest.mark.parametrize("state", STATES)
def test_each_role_may_act_only_in_the_declared_states(cast, state):
    review = bring_to(cast.review, state, manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    users = {
        Role.LEAD_PEER: cast.lead_peer,
        Role.PEER: cast.peer,
        Role.REVIEW_MANAGER: cast.review_manager,
        Role.SPOC: cast.spoc,
        Role.DEPUTY_SPOC: cast.deputy,
        Role.SENIOR_OFFICER: cast.senior,
    }
    wrong = [
        f"{permission.value} / {role.label}: expected {state in states}"
        for permission, row in EXPECTED.items()
        for role, states in zip(ROLES, row, strict=True)
        if access.can(users[role], permission, review) != (state in states)
    ]
    assert not wrong, f"in state {state}:\n" + "\n".join(wrong)
    # Outsiders may do nothing in any state.
    for outsider in (cast.other_spoc, cast.peer_elsewhere):
        assert not any(access.can(outsider, permission, review) for permission in Permission)
