"""Stage 4: the presentation of key findings, its handout, and editing it from an older copy."""

import datetime

from django.urls import reverse

from assessments.models import Presentation, Report


def test_presentation_is_for_the_team(cast, check_access):
    url = reverse("presentation", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.lead_peer)
    handout = reverse("presentation_handout", args=[cast.review.reference])
    check_access(handout, outsider=cast.peer_elsewhere, forbidden=cast.senior, allowed=cast.peer)


def test_the_team_records_the_presentation_and_key_findings(cast, login, pdf_text):
    url = reverse("presentation", args=[cast.review.reference])
    client = login(cast.lead_peer)
    data = {
        "date_0": "1",
        "date_1": "4",
        "date_2": "2025",
        "attendees": "Chief Executive\n\nPrevent SPOC\n",
        "key_findings": "The SPOC leads well.\n\nGovernance needs\na clearer plan.\n",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    presentation = Presentation.objects.get()
    assert (presentation.date, presentation.attendees) == (
        datetime.date(2025, 4, 1),
        ["Chief Executive", "Prevent SPOC"],
    )
    assert Report.objects.get().key_findings == ["The SPOC leads well.", "Governance needs a clearer plan."]
    pages = pdf_text(client.get(reverse("presentation_handout", args=[cast.review.reference])).content)
    assert "Governance needs a clearer plan." in " ".join(pages[0].split())
    assert all(page.count("OFFICIAL") >= 2 for page in pages)
    # A second editor working from the first version is refused, their text kept.
    response = login(cast.peer).post(url, {**data, "key_findings": "Mine instead."})
    assert "after you opened it" in response.text
    assert "Mine instead." in response.text
    stored = response.text.split('class="app-conflict"')[1].split("<form")[0]
    assert "1. The SPOC leads well." in stored
    assert Report.objects.get().key_findings[0] == "The SPOC leads well."
