"""Every API endpoint with the answer each kind of user's token gets, as tests/
test_authorization_matrix.py does for pages: an API URL with no declaration here fails the
suite. Writes are probed with an If-Match that names no version: a caller the rules let through
gets 412 and nothing changes; one they refuse gets 403 (or 404 for an outsider) first.

And the lifecycle: at every state of a review's life, each write endpoint lets through exactly
the users that ``access.can`` lets through, so the API keeps the pages' one rule set."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from assessments.models import Action
from assessments.rules.access import Permission, can
from tests.api.conftest import Script
from tests.lifecycle import STATES, bring_to, plan_an_action

USERS = ["anonymous", "spoc", "other_spoc", "senior", "lead_peer", "peer_elsewhere", "review_manager"]
OK, F, N, U, P = 200, 403, 404, 401, 412  # U: no token; P: let through, stopped by If-Match
PROBE = {"If-Match": '"not-a-version"'}


def _row(spoc, senior, lead, manager):
    return {"anonymous": U, "other_spoc": N, "peer_elsewhere": N} | {
        "spoc": spoc,
        "senior": senior,
        "lead_peer": lead,
        "review_manager": manager,
    }


EVERYONE_ON_IT = _row(OK, OK, OK, OK)
# Declared on the cast's review with its report published and one action in its plan.
API_MATRIX = {
    "api:reviews": ("get", [], dict.fromkeys(USERS, OK) | {"anonymous": U}),
    "api:review": ("get", ["ref"], EVERYONE_ON_IT),
    "api:self_assessment": ("get", ["ref"], _row(OK, F, OK, OK)),
    # Submitted long ago: nobody changes an answer now.
    "api:answer": ("put", ["ref", "aspect"], _row(F, F, F, F)),
    "api:findings": ("get", ["ref"], EVERYONE_ON_IT),
    "api:actions": ("get", ["ref"], EVERYONE_ON_IT),
    "api:action": ("get", ["ref", "action"], EVERYONE_ON_IT),
    "api:action_progress": ("post", ["ref", "action"], _row(P, F, F, F)),
    "api:support_requests": ("get", ["ref"], _row(OK, F, F, OK)),
    "api:overview": ("get", [], dict.fromkeys(USERS, N) | {"anonymous": U, "review_manager": OK}),
    # Anything else under /api/ (here /api/ itself): a problem, for everyone, token or not.
    "api:not_found": ("get", [], dict.fromkeys(USERS, N)),
}
PAGES = {"api:schema", "api:docs", "api:tokens", "api:token_revoke"}  # in the pages' matrix


def _api_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name and namespace == "api":
            yield f"api:{pattern.name}"


def test_every_api_url_is_declared():
    names = set(_api_names(get_resolver().url_patterns))
    assert names - set(API_MATRIX) - PAGES == set(), "API URLs with no access declaration"
    assert set(API_MATRIX) - names == set()


WRITTEN = {"text": "x", "rating": None, "narrative": ""}  # a valid body for either write


def _call(user, cast, method, url):
    client = Client() if user == "anonymous" else Script(getattr(cast, user)).client
    if method == "get":
        return client.get(url, headers=PROBE)
    return getattr(client, method)(url, WRITTEN, content_type="application/json", headers=PROBE)


def _action(review) -> int | None:
    return Action.objects.filter(finding__review=review).values_list("pk", flat=True).first()


@pytest.mark.parametrize("name", sorted(API_MATRIX))
def test_each_users_token_gets_the_declared_answer(name, cast, published):
    method, arguments, expected = API_MATRIX[name]
    values = {"ref": published.reference, "aspect": 1, "action": _action(published)}
    url = reverse(name, args=[values[argument] for argument in arguments])
    answers = {}
    for user in USERS:
        with transaction.atomic():
            answer = _call(user, cast, method, url)
            answers[user] = answer.status_code
            if answer.status_code >= 400:
                assert answer["Content-Type"] == "application/problem+json", (user, answer.content)
            transaction.set_rollback(True)
    assert answers == expected


WRITES = {"api:answer": Permission.EDIT_SELF_ASSESSMENT, "api:action_progress": Permission.EDIT_ACTIONS}
OUTSIDERS = {"other_spoc", "peer_elsewhere"}


def _expected(user, person, permission, review) -> int:
    if can(person, permission, review):
        return P
    return N if user in OUTSIDERS else F


def test_writes_follow_the_one_rule_set_through_the_reviews_life(cast):
    review, start = cast.review, STATES[0]
    for state in STATES:
        review = bring_to(
            review, state, manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer, start=start
        )
        start = state
        if state == "s5_published":
            plan_an_action(review, by=cast.spoc)
        targets = {"api:answer": 1, "api:action_progress": _action(review)}
        for name, permission in WRITES.items():
            if targets[name] is None:
                continue  # no action before the plan has one
            url = reverse(name, args=[review.reference, targets[name]])
            method = "put" if name == "api:answer" else "post"
            answers = {user: _call(user, cast, method, url).status_code for user in USERS[1:]}
            expected = {user: _expected(user, getattr(cast, user), permission, review) for user in USERS[1:]}
            assert answers == expected, (state, name)
