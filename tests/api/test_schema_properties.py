"""The OpenAPI document, tested against the service: schemathesis generates requests for every
operation from the document (valid ones and not) and checks each answer (no server error, the
status, content type, headers and body the document promises), with tokens of several roles,
against a review with a published report and an action, so that calls reach real data."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from api.authentication import PerTokenThrottle
from api.views.actions import action_etag
from assessments.models import Action

# Schemathesis's own expectations, and 412 besides: to the document an If-Match is any string,
# and a write whose If-Match is missing or names an old version is refused with 412 before its
# body is read (as issue 34 asks, and the document says), whether the body is well formed or not.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "429"]
            },
            "negative_data_rejection": {
                "expected-statuses": [
                    "400",
                    "401",
                    "403",
                    "404",
                    "405",
                    "406",
                    "409",
                    "412",
                    "415",
                    "422",
                    "429",
                ]
            },
        }
    }
)
WRITES = {"POST", "PUT"}
ROLES = ["spoc", "senior", "lead_peer", "review_manager", "other_spoc"]
EXAMPLES = 12


def _aim_at_real_data(case, review, action: Action) -> None:
    """Generated references and ids would all be 404s: most calls go to the review and its
    action instead, and half of the writes name the current version, so that bodies are read."""
    parameters = case.path_parameters or {}
    if "reference" in parameters:
        parameters["reference"] = review.reference
    if "id" in parameters:  # the action's (drf-spectacular names a primary key "id")
        parameters["id"] = action.pk
    if isinstance(parameters.get("aspect"), int):  # not when the aspect is meant to be wrong
        parameters["aspect"] = abs(int(parameters["aspect"])) % 16  # 0 and 15 are not aspects
    if case.method.upper() in WRITES and hash(repr(case.body)) % 2:
        case.headers = {**(case.headers or {}), "If-Match": action_etag(Action.objects.get(pk=action.pk))}


@pytest.fixture
def wsgi_application():
    """Django's WSGI application, called in the test's own transaction: as Django's test client
    does, it must not close the database connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _strategy(operation, review, action: Action, mode: GenerationMode):
    """Positive cases are aimed at real data after they are drawn; negative ones keep the real
    review, item and version fixed from the start, so that only the body is wrong (aiming them
    afterwards would mend what schemathesis meant to break)."""
    if mode is GenerationMode.POSITIVE:
        return operation.as_strategy(generation_mode=mode)
    fixed = {"reference": review.reference, "id": action.pk, "aspect": 1}
    names = {parameter.name for parameter in operation.path_parameters}
    return operation.as_strategy(
        generation_mode=mode,
        path_parameters={name: value for name, value in fixed.items() if name in names},
        headers={"If-Match": action_etag(Action.objects.get(pk=action.pk))},
    )


def _explore(operation, token: str, review, action: Action, seen: Counter, mode: GenerationMode) -> None:
    @given(case=_strategy(operation, review, action, mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def call(case):
        if mode is GenerationMode.POSITIVE:
            _aim_at_real_data(case, review, action)
        response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
        seen[response.status_code] += 1

    call()


def test_no_operation_errs_or_breaks_its_document(cast, published, script, monkeypatch, wsgi_application):
    # Counted per token as in production, but never reached here: each call should reach the view.
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "1000000/minute"})
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_application, config=CONFIG)
    action = Action.objects.get(finding__review=published)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    seen: Counter = Counter()
    for role in ROLES:
        token = script(getattr(cast, role)).token
        for operation in operations:
            _explore(operation, token, published, action, seen, GenerationMode.POSITIVE)
            if operation.method.upper() in WRITES:  # and bodies that break the document
                _explore(operation, token, published, action, seen, GenerationMode.NEGATIVE)
    # The calls reached real data, were refused by the rules, and wrote: not only 404s.
    assert {200, 201, 400, 403, 404, 412} <= set(seen), seen
