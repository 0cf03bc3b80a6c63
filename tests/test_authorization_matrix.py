"""Every URL the project has, with the answer each kind of user gets.

A URL pattern with no declaration here fails the suite, so a new view cannot skip the access
rules. Each request runs in a rolled-back transaction, so one user's POST does not change what
the next user finds.
"""

from collections import Counter

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from tests.api.test_api_matrix import API_MATRIX
from tests.matrix_objects import fieldwork, people_and_support, programme, report
from tests.queries import statements
from tests.two_factor import force_login

USERS = ["anonymous", "spoc", "other_spoc", "senior", "lead_peer", "peer_elsewhere", "review_manager"]
L, OK, F, N, R = "login", 200, 403, 404, 302  # R: a redirect after acting (not to sign in)


def _review_row(spoc, senior, lead, manager):
    """Answers for a page of one review: outsiders always get 404."""
    return {
        "anonymous": L,
        "other_spoc": N,
        "peer_elsewhere": N,
        "spoc": spoc,
        "senior": senior,
        "lead_peer": lead,
        "review_manager": manager,
    }


def _everyone(status, anonymous=None):
    return dict.fromkeys(USERS, status) | {"anonymous": anonymous if anonymous is not None else status}


TEAM_GET = _review_row(F, F, OK, OK)
HOST_AND_TEAM = _review_row(OK, F, OK, OK)
EVERYONE_ON_IT = _review_row(OK, OK, OK, OK)
MANAGER_GET = _review_row(F, F, F, OK)
HUB_MEMBERS = _everyone(OK, anonymous=L) | {"senior": N}

# name -> (method, URL arguments by object, expected answer by user[, POST data])
MATRIX = {
    "dashboard": ("get", [], _everyone(OK, anonymous=L)),
    # A kind of work in "what needs you" is a page for those who hold its roles on an open review.
    "needs": ("get", ["manager_kind"], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "review_create": ("get", [], _everyone(F, anonymous=L) | {"review_manager": OK}),
    "overview": ("get", [], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "overview_csv": ("get", [], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "overview_xlsx": ("get", [], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "review_detail": ("get", ["ref"], EVERYONE_ON_IT),
    "review_edit": ("get", ["ref"], MANAGER_GET),
    "review_plan": ("get", ["ref"], MANAGER_GET),
    "stage_advance": ("post", ["ref"], _review_row(F, F, F, R)),
    "stage_return": ("get", ["ref"], MANAGER_GET),
    "review_people": ("get", ["ref"], MANAGER_GET),
    "person_remove": ("get", ["ref", "extra_person"], MANAGER_GET),
    "self_assessment": ("get", ["ref"], HOST_AND_TEAM),
    "self_assessment_docx": ("get", ["ref"], HOST_AND_TEAM),
    "aspect_answer": ("get", ["ref", "aspect"], HOST_AND_TEAM),
    "self_assessment_check": ("get", ["ref"], _review_row(OK, F, F, F)),
    "workbook_download": ("get", ["ref"], HOST_AND_TEAM),
    "workbook_upload": ("get", ["ref"], _review_row(OK, F, F, F)),
    # Nothing uploaded yet: the SPOC is sent to upload first.
    "workbook_check": ("get", ["ref"], _review_row(R, F, F, F)),
    # The self-assessment here is open: there is nothing to reopen yet (docs/access.md: when).
    "self_assessment_reopen": ("get", ["ref"], _review_row(F, F, F, F)),
    "evidence_list": ("get", ["ref"], HOST_AND_TEAM),
    "evidence_detail": ("get", ["ref", "evidence"], HOST_AND_TEAM),
    "evidence_remove": ("post", ["ref", "evidence"], _review_row(R, F, F, F)),
    "evidence_download": ("get", ["ref", "evidence", "one"], HOST_AND_TEAM),
    "evidence_review": ("get", ["ref"], TEAM_GET),
    "lines_of_enquiry": ("get", ["ref"], TEAM_GET),
    "line_of_enquiry_edit": ("get", ["ref", "line"], TEAM_GET),
    "line_of_enquiry_delete": ("post", ["ref", "line"], _review_row(F, F, R, R)),
    "timetable": ("get", ["ref"], HOST_AND_TEAM),
    "timetable_pdf": ("get", ["ref"], HOST_AND_TEAM),
    "timetable_csv": ("get", ["ref"], HOST_AND_TEAM),
    "timetable_xlsx": ("get", ["ref"], HOST_AND_TEAM),
    "interview_create": ("get", ["ref"], MANAGER_GET),
    "interview_detail": ("get", ["ref", "interview"], HOST_AND_TEAM),
    "interview_edit": ("get", ["ref", "interview"], MANAGER_GET),
    "interview_cancel": ("post", ["ref", "interview"], _review_row(F, F, F, R)),
    "person_schedule": ("get", ["ref", "lead_person"], HOST_AND_TEAM),
    "stakeholders": ("get", ["ref"], HOST_AND_TEAM),
    "stakeholder_edit": ("get", ["ref", "stakeholder"], MANAGER_GET),
    "stakeholder_remove": ("get", ["ref", "stakeholder"], MANAGER_GET),
    "presentation": ("get", ["ref"], TEAM_GET),
    "presentation_handout": ("get", ["ref"], TEAM_GET),
    # From stage 4: the review here is at stage 1 (tests/assessments/rules/test_lifecycle_matrix.py
    # has every stage).
    "presentation_slides": ("get", ["ref"], _review_row(F, F, F, F)),
    "action_plan": ("get", ["ref"], EVERYONE_ON_IT),
    "action_plan_csv": ("get", ["ref"], EVERYONE_ON_IT),
    "action_plan_xlsx": ("get", ["ref"], EVERYONE_ON_IT),
    "action_plan_pdf": ("get", ["ref"], EVERYONE_ON_IT),
    "action_create": ("get", ["ref", "published_improvement"], _review_row(OK, F, F, F)),
    "action_detail": ("get", ["ref", "action"], EVERYONE_ON_IT),
    "support": ("get", ["ref"], _review_row(OK, F, F, OK)),
    "support_handle": ("post", ["ref", "support"], _review_row(F, F, F, R)),
    "support_mentor": ("get", ["ref", "support"], MANAGER_GET),
    "support_outcome": ("post", ["ref", "match"], _review_row(F, F, F, R)),
    # The programme's calendar is its managers'; everyone makes their own feed's address; a feed
    # is read by its secret address alone (here not one that exists: 404 to all).
    "calendar": ("get", [], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "calendar_subscribe": ("get", [], _everyone(OK, anonymous=L)),
    "calendar_feed": ("get", ["token"], _everyone(N)),
    # The knowledge hub is for SPOCs, deputies, peers and managers (not senior officers); the
    # person who asked (the SPOC) marks the answer that helped; managers hide posts.
    "hub": ("get", [], HUB_MEMBERS),
    "hub_ask": ("get", [], HUB_MEMBERS),
    "hub_question": ("get", ["question"], HUB_MEMBERS),
    "hub_helpful": ("post", ["answer"], _everyone(F, anonymous=L) | {"senior": N, "spoc": R}),
    "hub_hide_question": (
        "get",
        ["question"],
        _everyone(F, anonymous=L) | {"senior": N, "review_manager": OK},
    ),
    "hub_hide_answer": ("get", ["answer"], _everyone(F, anonymous=L) | {"senior": N, "review_manager": OK}),
    # The mentor asked (here the peer from elsewhere) alone reads the request they are asked about.
    "mentoring": ("get", ["match"], _everyone(N, anonymous=L) | {"peer_elsewhere": OK}),
    # The review is at stage 1: a follow-up starts at stage 6; closing it is refused in words.
    "follow_up_start": ("post", ["ref"], _review_row(F, F, F, F)),
    "review_close": ("post", ["ref"], _review_row(F, F, F, R)),
    "review_reopen": ("get", ["ref"], _review_row(F, F, F, F)),  # only a closed review reopens
    # Evidence is uploaded here, so the review is no longer one set up by mistake.
    "review_delete": ("get", ["ref"], _review_row(F, F, F, F)),
    "report_publish": ("get", ["ref"], _review_row(F, F, F, F)),  # at stage 5 only
    "comparison": ("get", ["ref"], _review_row(N, N, N, N)),  # 404 for all: no earlier review
    "findings": ("get", ["ref"], TEAM_GET),
    "finding_edit": ("get", ["ref", "improvement"], TEAM_GET),
    "finding_move": ("post", ["ref", "improvement"], _review_row(F, F, R, R)),
    "finding_delete": ("post", ["ref", "improvement"], _review_row(F, F, R, R)),
    "report": ("get", ["ref"], EVERYONE_ON_IT),
    "report_text": ("get", ["ref"], TEAM_GET),
    "report_preview": ("get", ["ref"], TEAM_GET),
    "report_draft_pdf": ("get", ["ref"], TEAM_GET),
    "report_draft_docx": ("get", ["ref"], TEAM_GET),
    # The report's steps happen at stage 5; this review is at stage 1.
    "report_status": ("post", ["ref"], _review_row(F, F, F, F), {"move": "draft"}),
    # The council's own word that it has finished checking: only during its check (not here).
    "report_check_finished": ("post", ["ref"], _review_row(F, F, F, F)),
    "comment_resolve": ("post", ["ref", "comment"], _review_row(F, F, R, R)),
    "report_version": ("get", ["ref", "one"], EVERYONE_ON_IT),
    "report_version_docx": ("get", ["ref", "one"], EVERYONE_ON_IT),
    "review_audit": ("get", ["ref"], MANAGER_GET),
    # Each person's own notifications; anyone else's is not there (404).
    "notifications": ("get", [], _everyone(OK, anonymous=L)),
    "notification_open": ("get", ["notification"], _everyone(N, anonymous=L) | {"spoc": R}),
    "notifications_mark_read": ("post", [], _everyone(R, anonymous=L)),
    "notification_settings": ("get", [], _everyone(OK, anonymous=L)),
    # Across reviews, for everyone with a role on one: results are cut to what each may open.
    "good_practice": ("get", [], _everyone(OK, anonymous=L)),
    "search": ("get", [], _everyone(OK, anonymous=L)),
    # Published once (version 1): the council's contacts choose what it shares.
    "good_practice_sharing": ("get", ["ref"], _review_row(OK, F, F, F)),
    "feedback": ("get", ["ref"], _review_row(OK, OK, F, F)),
    "accounts:login": ("get", [], _everyone(R, anonymous=OK)),
    "accounts:logout": ("post", [], _everyone(L)),  # signing out lands on the sign-in page
    "accounts:password_reset": ("get", [], _everyone(OK)),
    # No issuer is configured here: single sign-on does not exist (tests/accounts/test_single_sign_on.py).
    "accounts:sso_start": ("get", ["one"], _everyone(N)),
    "accounts:sso_callback": ("get", ["one"], _everyone(N)),
    "accounts:password_reset_done": ("get", [], _everyone(OK)),
    "accounts:password_reset_confirm": ("get", ["uid", "token"], _everyone(OK)),
    "accounts:password_reset_complete": ("get", [], _everyone(OK)),
    "accounts:invitation": ("get", ["uid", "token"], _everyone(OK)),
    "accounts:password_change": ("get", [], _everyone(OK, anonymous=L)),
    "accounts:password_change_done": ("get", [], _everyone(OK, anonymous=L)),
    "accounts:two_factor": ("get", [], _everyone(OK, anonymous=L)),
    # A first app needs the e-mailed link first: council users here have not given a code, so are
    # sent to ask for it; team members have (they needed one), so may set up a new app.
    "accounts:two_factor_setup": (
        "get",
        [],
        _everyone(OK, anonymous=L) | {"spoc": R, "other_spoc": R, "senior": R},
    ),
    "accounts:two_factor_email": ("get", [], _everyone(OK, anonymous=L)),
    "accounts:two_factor_link": ("get", ["token"], _everyone(400, anonymous=L)),  # not a link sent to them
    # Everyone signed in here has passed the second step or needs none: on to their reviews.
    "accounts:two_factor_verify": ("get", [], _everyone(R, anonymous=L)),
    # Nobody here has recovery codes, or all have passed the second step: on to their reviews.
    "accounts:two_factor_recovery": ("get", [], _everyone(R, anonymous=L)),
    "accounts:recovery_codes": ("get", [], _everyone(OK, anonymous=L)),
    # Only people whose roles leave two-factor authentication optional may turn it off.
    "accounts:two_factor_remove": (
        "post",
        [],
        {"anonymous": L, "spoc": R, "other_spoc": R, "senior": R, "lead_peer": F, "peer_elsewhere": F}
        | {"review_manager": F},
    ),
    # Adding a passkey takes a way to confirm sign-in, used in this session, or (a first one) the
    # e-mailed link: council users here have neither, so are sent to ask for the link.
    "accounts:passkey_add": (
        "get",
        [],
        _everyone(OK, anonymous=L) | {"spoc": R, "other_spoc": R, "senior": R},
    ),
    # Only the owner finds their app or passkey.
    "accounts:sign_in_way_remove": (
        "get",
        ["way", "lead_app"],
        _everyone(N, anonymous=L) | {"lead_peer": OK},
    ),
    # The passkey ceremonies answer JSON. Registering needs the same proof as adding a passkey's page;
    # completing one never begun is refused (400); signing in with a passkey may start signed out.
    "otp_webauthn:credential-registration-begin": (
        "post",
        [],
        _everyone(OK, anonymous=F) | {"spoc": F, "other_spoc": F, "senior": F},
    ),
    "otp_webauthn:credential-registration-complete": (
        "post",
        [],
        _everyone(400, anonymous=F) | {"spoc": F, "other_spoc": F, "senior": F},
    ),
    "otp_webauthn:credential-authentication-begin": ("post", [], _everyone(OK)),
    "otp_webauthn:credential-authentication-complete": ("post", [], _everyone(400)),
    "otp_webauthn:js-i18n-catalog": ("get", [], _everyone(OK)),
    # The API's own endpoints are declared, token by token, in tests/api/test_api_matrix.py. Its
    # document and documentation hold nobody's data; a person's tokens are their own.
    "api:schema": ("get", [], _everyone(OK)),
    "api:docs": ("get", [], _everyone(OK)),
    "api:tokens": ("get", [], _everyone(OK, anonymous=L)),
    "api:token_revoke": ("post", ["spoc_token"], _everyone(N, anonymous=L) | {"spoc": R}),
    "accessibility": ("get", [], _everyone(OK)),
    "health": ("get", [], _everyone(OK)),
    # Not about anyone's data: the same answer for all. Here no worker has a heartbeat, so 503.
    "readiness": ("get", [], _everyone(503)),
    # The test client calls from the loopback, an allowed address (tests/test_operations.py
    # proves a token or such an address is needed).
    "metrics": ("get", [], _everyone(OK)),
    "privacy": ("get", [], _everyone(OK)),
    # Everyone keeps their own profile in the programme's pool; the directory, and keeping someone
    # else's profile, are the programme's review managers' (404 to others).
    "profile": ("get", [], _everyone(OK, anonymous=L)),
    "people_directory": ("get", [], _everyone(N, anonymous=L) | {"review_manager": OK}),
    "person_profile": ("get", ["person"], _everyone(N, anonymous=L) | {"review_manager": OK}),
}


def _names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_declared():
    names = {name for name in _names(get_resolver().url_patterns) if not name.startswith("admin:")}
    assert names - set(MATRIX) - set(API_MATRIX) == set(), "URL patterns with no access declaration"
    assert set(MATRIX) - names == set(), "declarations for URL patterns that no longer exist"


@pytest.fixture
def objects(cast, private_storage):
    """Every object a URL names, by the name its pattern's placeholder takes."""
    fixed = {"one": 1, "aspect": 1, "manager_kind": "team", "uid": "MQ", "token": "not-a-token", "way": "app"}
    return (
        {"ref": cast.review.reference}
        | fieldwork(cast)
        | report(cast)
        | people_and_support(cast)
        | programme(cast)
        | fixed
    )


def _outcome(response) -> object:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return L
    return response.status_code


def _read_twice(captured: CaptureQueriesContext) -> list[str]:
    """The SELECTs a request ran more than once: rows it had read already."""
    selects = Counter(sql for sql in statements(captured) if sql.startswith("SELECT"))
    return [sql for sql, times in selects.items() if times > 1]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_user_gets_the_declared_answer(name, cast, objects, client):
    method, arguments, expected, *data = MATRIX[name]
    url = reverse(name, args=[objects[argument] for argument in arguments])
    answers, repeats = {}, {}
    for user in USERS:
        with transaction.atomic():
            client.logout()
            if user != "anonymous":
                force_login(client, getattr(cast, "senior" if user == "senior" else user))
            with CaptureQueriesContext(connection) as captured:
                answers[user] = _outcome(getattr(client, method)(url, *data))
            if answers[user] == OK and (twice := _read_twice(captured)):
                repeats[user] = twice
            transaction.set_rollback(True)
    assert answers == expected
    # A page that reads the same rows twice has two places asking for them.
    assert repeats == {}


def test_the_page_benchmark_fills_in_every_argument_a_page_takes(cast, objects):
    """``make bench`` times every GET page of the matrix, filling in its arguments from a demo
    review (``benchmarks.bench_pages._objects``): a new argument name must be known there too."""
    from benchmarks.bench_pages import _objects

    needed = {
        argument for method, arguments, *_ in MATRIX.values() if method == "get" for argument in arguments
    }
    assert needed - set(_objects(cast.review)) == set()
