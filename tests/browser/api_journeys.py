"""A SPOC connects their council's performance system: makes a read-write token in the browser,
and the system (here, ``requests``) reads the published findings and adds an action's progress
with it, naming the version it read; then the SPOC revokes the token and it stops working."""

import re

import requests
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.drivers import Driver
from tests.browser.journeys import sign_in


def connect_a_system(ui: Driver, cast, review) -> None:
    sign_in(ui, cast.spoc)
    ui.follow("API tokens")
    ui.fill("What is the token for?", "Performance system")
    ui.tick("Read and change what you may change")
    ui.press("Make a token")
    expect(ui.page.get_by_role("heading", name="Your new API token")).to_be_visible()
    ui.arrived(new_page_same_address=True)
    token = ui.page.locator("#api-token").inner_text()
    assert re.fullmatch(r"ppr_[\w-]{40,}", token)

    system = requests.Session()
    system.headers["Authorization"] = f"Bearer {token}"
    api = f"{ui.base}/api/v1/reviews/{review.reference}"
    findings = system.get(f"{api}/findings/", timeout=10).json()["findings"]
    assert {finding["kind"] for finding in findings} == {"good_practice", "improvement"}
    (action,) = system.get(f"{api}/actions/", timeout=10).json()
    added = system.post(
        f"{api}/actions/{action['id']}/progress/",
        json={"text": "Reported from the performance system."},
        headers={"If-Match": action["etag"]},
        timeout=10,
    )
    assert added.status_code == 201
    # The council's own page shows what the system wrote, as the SPOC's.
    ui.page.goto(ui.base + reverse("review_detail", args=[review.reference]))
    ui.arrived()
    ui.follow("Action plan")
    ui.follow(action["description"])
    expect(ui.page.get_by_text("Reported from the performance system.")).to_be_visible()

    ui.follow("API tokens")
    row = ui.page.get_by_role("row", name=re.compile("Performance system"))
    expect(row).not_to_contain_text("Not yet")  # its use is shown
    ui.press("Revoke Performance system")
    expect(ui.page.get_by_text("is revoked: it no longer works")).to_be_visible()
    assert system.get(f"{api}/findings/", timeout=10).status_code == 401
