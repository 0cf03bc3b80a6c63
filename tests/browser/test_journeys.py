"""The four journeys, each with the mouse and with the keyboard alone. The mouse runs also check
every page they reach with axe-core; a failure names the rule, the element and the page."""

import pytest

from tests.browser import (
    api_journeys,
    journeys,
    manager_journey,
    network_journeys,
    sign_in_journeys,
    spoc_journey,
)
from tests.browser.axe import violations
from tests.browser.drivers import DRIVERS
from tests.lifecycle import bring_to, plan_an_action

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.parametrize("driver", sorted(DRIVERS)),
]


@pytest.fixture
def ui(driver, page, live_server):
    check = violations if driver == "mouse" else None
    ui = DRIVERS[driver](page, base=live_server.url, check=check)
    yield ui
    assert ui.problems == [], "accessibility failures:\n" + "\n".join(ui.problems)
    assert check is None or len(ui.checked) >= 4, "the journey's pages were checked"


def test_spoc_completes_the_self_assessment_comments_and_keeps_the_action_plan(
    ui, cast, private_storage, tmp_path
):
    spoc_journey.spoc(ui, cast, tmp_path)


def test_review_manager_runs_a_review_from_set_up_to_the_overview(ui, cast, private_storage, tmp_path):
    manager_journey.review_manager(ui, cast, tmp_path)


def test_peer_reviewer_writes_lines_of_enquiry_notes_and_findings(ui, cast, on_site):
    journeys.peer_reviewer(ui, cast, on_site)


def test_senior_officer_downloads_the_published_report(ui, cast):
    journeys.senior_officer(ui, cast)


def test_good_practice_shared_by_one_council_is_found_by_another(ui, cast):
    journeys.good_practice_shared(ui, cast)


def test_the_spoc_network_asks_answers_thanks_and_is_moderated(ui, cast):
    network_journeys.knowledge_hub(ui, cast)


def test_a_request_for_mentoring_is_matched_accepted_and_introduced(ui, cast):
    network_journeys.mentoring(ui, cast)


def test_a_passkey_is_added_then_signs_in_alone_then_a_recovery_code_does(ui, cast, settings, live_server):
    # A passkey is bound to the service's own address (SITE_URL): here, the live server's.
    settings.SITE_URL = live_server.url
    sign_in_journeys.passkey_then_recovery_code(ui, cast.lead_peer)


def test_a_councils_system_is_connected_with_a_token_and_cut_off(ui, cast):
    review = bring_to(
        cast.review, "s5_published", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
    )
    plan_an_action(review, by=cast.spoc)
    api_journeys.connect_a_system(ui, cast, review)
