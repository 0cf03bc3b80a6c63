"""Who may do what *when*: every state of a review's life x every role x every permission.

Each state is reached by the service's own roads (``tests/lifecycle.py``). The expected answers
are declared here from docs/access.md's "when" column, not computed from the access module, and
the test fails for any cell left undeclared.
"""

import pytest
from django.db import transaction

from assessments.lifecycle import stages
from assessments.models import Review, Role
from assessments.rules import access
from assessments.rules.access import Permission
from tests.lifecycle import STATES, bring_to, people_by_role

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
FROM_STAGE_4 = frozenset({"s4", "s5_draft", "s5_checking", "s5_published", "s6", "s5_new_draft", "closed"})
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
    Permission.DOWNLOAD_SLIDES: (FROM_STAGE_4, FROM_STAGE_4, FROM_STAGE_4, NEVER, NEVER, NEVER),
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
    # These states are of a first review: on a follow-up, tests/assessments/rules/test_baseline.py.
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
    users = people_by_role(cast)
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


# Every move of the stage machine in every state: "ok", or words of the refusal. Moves are tried
# without a reason (moving back and reopening always take one, so they are given one).
MOVES = ("advance", "return", "close", "reopen")
NOT_SUBMITTED, FIRST = "not yet submitted its self-assessment", "at its first stage"
NOT_FOLLOW_UP, NOT_CLOSED = "Only a review in follow-up can be closed", "The review is not closed"
UNPUBLISHED = "The report has not been published"
EXPECTED_MOVES: dict[str, tuple[str, str, str, str]] = {
    "s1_open": (NOT_SUBMITTED, FIRST, NOT_FOLLOW_UP, NOT_CLOSED),
    "s1_submitted": ("ok", FIRST, NOT_FOLLOW_UP, NOT_CLOSED),
    "s2": ("not yet set any key lines of enquiry", "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s3": ("ok", "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s4": ("not yet recorded any findings", "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s5_draft": (UNPUBLISHED, "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s5_checking": (UNPUBLISHED, "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s5_published": ("ok", "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "s6": ("This is the last stage", "ok", "has no actions. Give a reason", NOT_CLOSED),
    "s5_new_draft": (UNPUBLISHED, "ok", NOT_FOLLOW_UP, NOT_CLOSED),
    "closed": ("The review is closed", "The review is closed", "The review is closed", "ok"),
}


def _try(move: str, review, manager) -> str:
    """The move's outcome, undone afterwards so that every move starts from the same state."""
    act = {
        "advance": lambda: stages.stage_advance(review=review, by=manager),
        "return": lambda: stages.stage_return(review=review, by=manager, reason="A correction"),
        "close": lambda: stages.review_close(review=review, by=manager),
        "reopen": lambda: stages.review_reopen(review=review, by=manager, reason="A correction"),
    }[move]
    with transaction.atomic():
        try:
            act()
            outcome = "ok"
        except stages.StageError as error:
            outcome = str(error)
        transaction.set_rollback(True)
    return outcome


def test_every_move_in_every_state_is_declared():
    assert list(EXPECTED_MOVES) == STATES


@pytest.mark.parametrize("state", STATES)
def test_every_move_is_allowed_or_refused_with_its_reason_in_every_state(cast, state):
    review = bring_to(cast.review, state, manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    wrong = []
    for move, expected in zip(MOVES, EXPECTED_MOVES[state], strict=True):
        outcome = _try(move, Review.objects.get(pk=review.pk), cast.review_manager)
        if (expected == "ok") != (outcome == "ok") or expected not in outcome:
            wrong.append(f"{move}: expected {expected!r}, got {outcome!r}")
        for who in (cast.lead_peer, cast.spoc):  # nobody but a manager moves a review, in any state
            refused = _try(move, Review.objects.get(pk=review.pk), who)
            assert refused.startswith("Only a review manager"), (state, move, refused)
    assert not wrong, f"in state {state}:\n" + "\n".join(wrong)
