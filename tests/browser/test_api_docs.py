"""The API's documentation page: Swagger UI from the service's own static files, started by a
script of ours, within the service's Content Security Policy (no CDN, nothing inline)."""

import pytest
from playwright.sync_api import expect

# Serialized rollback, as the suite's other transactional tests: a flush without it re-creates
# the content types, under new keys, which the next test restoring the migrations' rows collides
# with (two connection tests did so in CI until they were marked the same way).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_documentation_shows_every_operation_within_the_csp(page, live_server):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("/api/v1/reviews/{reference}/actions/{id}/progress/")).to_be_visible()
    expect(page.get_by_text("/api/v1/overview/")).to_be_visible()
    assert page.locator(".opblock").count() == 10
    assert refused == []
    assert outside == []
