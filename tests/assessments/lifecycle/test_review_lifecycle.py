"""The review's lifecycle as the council and the team meet it: draft findings never reach the
council, nothing skips a stage, a closed review is read-only, submitted evidence is frozen, and
the team's reasons stay the team's (issue 13, defects 1-6)."""

import datetime

import pytest
from django.urls import reverse

from assessments.lifecycle import publication, stages
from assessments.models import (
    Action,
    ActionUpdate,
    Evidence,
    Finding,
    InterviewNote,
    PublishedFinding,
    ReportVersion,
    Review,
    SupportRequest,
)
from assessments.services.evidence import evidence_upload
from peerreview.audit.models import AuditEvent
from reports.publishing import steps as report_services
from tests.files import upload
from tests.lifecycle import bring_to

DRAFT_TEXT = "Refresh the training needs analysis for front-line staff."
HOST_PAGES = ["action_plan", "action_plan_csv", "action_plan_pdf"]


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _url(name, review, *args):
    return reverse(name, args=[review.reference, *args])


def _host_reads(login, cast, review, pdf_text) -> str:
    """Everything the SPOC and senior officer can read about findings, as one text."""
    texts = []
    for user in (cast.spoc, cast.senior):
        client = login(user)
        for name in HOST_PAGES:
            response = client.get(_url(name, review))
            assert response.status_code == 200, (name, user)
            content = response.content
            texts.append("".join(pdf_text(content)) if name.endswith("_pdf") else content.decode())
    return "\n".join(texts)


@pytest.mark.parametrize("state", ["s5_draft", "s5_checking"])
def test_draft_findings_never_reach_the_action_plan(cast, people, login, pdf_text, state):
    review = bring_to(cast.review, state, **people)
    assert Finding.objects.filter(review=review, text=DRAFT_TEXT).exists()
    assert DRAFT_TEXT not in _host_reads(login, cast, review, pdf_text)


def test_after_publication_the_council_reads_the_published_wording_not_a_new_draft(
    cast, people, login, pdf_text
):
    review = bring_to(cast.review, "s5_new_draft", **people)
    Finding.objects.filter(review=review, text=DRAFT_TEXT).update(text="A reworded draft finding.")
    Finding.objects.create(
        review=review, area=review.framework.areas.first(), kind="improvement", text="A new draft finding."
    )
    reads = _host_reads(login, cast, review, pdf_text)
    assert DRAFT_TEXT in reads
    assert "A reworded draft finding." not in reads
    assert "A new draft finding." not in reads


def test_the_council_cannot_act_on_a_draft_finding(cast, people, login):
    review = bring_to(cast.review, "s5_checking", **people)
    draft = Finding.objects.get(review=review, kind="improvement")
    data = {"description": "Act.", "owner": "SPOC", "due_0": "1", "due_1": "1", "due_2": "2027"}
    response = login(cast.spoc).post(_url("action_create", review, draft.pk), data | {"status": "done"})
    assert response.status_code == 403  # no published version yet: the plan cannot be edited
    assert not Action.objects.exists()
    # The team can still delete its own draft finding.
    assert login(cast.lead_peer).post(_url("finding_delete", review, draft.pk)).status_code == 302
    assert not Finding.objects.filter(pk=draft.pk).exists()


def test_the_council_acts_only_on_the_latest_published_improvements(cast, people, login):
    review = bring_to(cast.review, "s6", **people)
    published = PublishedFinding.objects.get(kind="improvement")
    good = PublishedFinding.objects.get(kind="good_practice")
    data = {"description": "Act.", "owner": "SPOC", "due_0": "1", "due_1": "1", "due_2": "2027"}
    spoc = login(cast.spoc)
    assert spoc.post(_url("action_create", review, good.pk), data | {"status": "done"}).status_code == 404
    assert (
        spoc.post(_url("action_create", review, published.pk), data | {"status": "done"}).status_code == 302
    )
    action = Action.objects.get()
    assert (action.finding_id, action.status) == (published.finding_id, "done")


def test_an_action_on_a_finding_a_later_version_drops_stays_marked(cast, people, login):
    review = bring_to(cast.review, "s6", **people)
    finding = Finding.objects.get(review=review, kind="improvement")
    Action.objects.create(
        finding=finding, description="Keep me.", owner="SPOC", due=datetime.date(2027, 1, 1)
    )
    review = bring_to(review, "s5_new_draft", start="s6", **people)
    Finding.objects.filter(pk=finding.pk).update(kind="good_practice")  # no longer an improvement
    report_services.report_send_for_checking(review=review, by=cast.review_manager)
    report_services.report_check_finish(review=review, by=cast.spoc)
    report_services.report_publish(review=review, by=cast.review_manager)
    page = login(cast.spoc).get(_url("action_plan", review)).text
    assert "Actions on findings no longer in the report" in page
    assert "Keep me." in page
    detail = login(cast.spoc).get(_url("action_detail", review, Action.objects.get().pk)).text
    assert "No longer in the latest report" in detail
    assert DRAFT_TEXT in detail


@pytest.mark.parametrize("state", ["s1_open", "s5_draft", "s5_published", "s6"])
def test_publishing_takes_the_one_road(cast, people, login, state):
    review = bring_to(cast.review, state, **people)
    versions = ReportVersion.objects.count()
    response = login(cast.review_manager).post(_url("report_publish", review))
    assert response.status_code in (302, 403)
    assert ReportVersion.objects.count() == versions, f"published again in state {state}"


def test_publishing_needs_the_check_and_no_open_comment(cast, people, login):
    review = bring_to(cast.review, "s5_checking", **people)
    report_services.comment_add(review=review, section="findings", text="A date is wrong.", by=cast.spoc)
    assert "Resolve the open factual-accuracy comments first" in " ".join(
        publication.publish_blockers(review)
    )
    login(cast.review_manager).post(_url("report_publish", review))
    assert not ReportVersion.objects.exists()


def test_a_closed_review_is_read_only_for_everyone(cast, people, login, private_storage):
    review = bring_to(cast.review, "closed", **people)
    action = Action.objects.create(
        finding=Finding.objects.get(review=review, kind="improvement"),
        description="Act.",
        owner="SPOC",
        due=datetime.date(2027, 1, 1),
    )
    refused = {
        cast.spoc: [
            (_url("action_detail", review, action.pk), {"text": "More progress."}),
            (_url("support", review), {"kind": "mentoring", "description": "Help"}),
            (_url("evidence_list", review), {"files": upload("plan.pdf"), "aspects": ["1"]}),
        ],
        cast.lead_peer: [
            (_url("findings", review), {"area": "leadership", "kind": "improvement", "text": "x"}),
            (_url("lines_of_enquiry", review), {"text": "How?", "aspects": ["1"]}),
        ],
        cast.review_manager: [
            (_url("report_publish", review), {}),
            (_url("report_status", review), {"move": "new_version"}),
            (_url("stage_return", review), {"reason": "Why not."}),
            (_url("review_edit", review), {"reference": review.reference}),
        ],
    }
    for user, posts in refused.items():
        for url, data in posts:
            assert login(user).post(url, data).status_code == 403, url
    assert not ActionUpdate.objects.exists()
    assert not SupportRequest.objects.exists()
    assert not Evidence.objects.exists()
    assert ReportVersion.objects.count() == 2


def test_a_manager_reopens_a_closed_review_with_a_reason(cast, people, login, check_access):
    review = bring_to(cast.review, "closed", **people)
    url = _url("review_reopen", review)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    manager = login(cast.review_manager)
    assert "Enter why the review is being reopened" in manager.post(url, {"reason": " "}).text
    assert manager.post(url, {"reason": "The council asked for more support."}).status_code == 302
    review.refresh_from_db()
    assert review.closed_at is None
    move = review.stage_transitions.last()
    assert (move.reopened, move.reason, move.by) == (
        True,
        "The council asked for more support.",
        cast.review_manager,
    )
    assert AuditEvent.objects.filter(object_type="assessments.StageTransition", object_id=move.pk).exists()
    assert manager.get(url).status_code == 403  # open again: nothing to reopen


def test_evidence_is_frozen_once_the_self_assessment_is_submitted(cast, people, login, private_storage):
    (evidence,) = evidence_upload(review=cast.review, files=[upload("plan.pdf")], aspects=[1], by=cast.spoc)
    review = bring_to(cast.review, "s1_submitted", **people)
    spoc = login(cast.spoc)
    detail = _url("evidence_detail", review, evidence.pk)
    assert spoc.post(detail, {"title": "Renamed", "aspects": ["2"]}).status_code == 403
    assert spoc.post(detail, {"form": "version", "file": upload("new.pdf")}).status_code == 403
    assert spoc.post(_url("evidence_remove", review, evidence.pk)).status_code == 403
    evidence.refresh_from_db()
    assert (evidence.title, evidence.aspect_numbers, evidence.removed_at) == ("plan", [1], None)
    assert "Rename" not in spoc.get(detail).text


def test_the_reason_for_moving_back_is_the_teams(cast, people, login):
    review = bring_to(cast.review, "s2", **people)
    stages.stage_return(review=review, by=cast.review_manager, reason="Only for the team to read.")
    for user in (cast.spoc, cast.deputy, cast.senior):
        assert "Only for the team to read." not in login(user).get(_url("review_detail", review)).text
    assert "Only for the team to read." in login(cast.lead_peer).get(_url("review_detail", review)).text


def test_nothing_about_interview_notes_is_writable_once_closed(cast, people, login, on_site):
    review = bring_to(cast.review, "closed", **people)
    interview = review.interviews.create(
        starts=datetime.datetime(2025, 3, 31, 9, tzinfo=datetime.UTC),
        ends=datetime.datetime(2025, 3, 31, 10, tzinfo=datetime.UTC),
        location="Room 1",
    )
    response = login(cast.peer).post(
        _url("interview_detail", review, interview.pk), {"text": "x", "version": 0}
    )
    assert response.status_code == 403
    assert not InterviewNote.objects.exists()
    assert Review.objects.get(pk=review.pk).closed_at is not None


def test_the_published_key_findings_are_frozen_on_the_presentation_page(cast, people, login):
    """The presentation drafts the report's key findings; once published they change only
    through a new draft."""
    review = bring_to(cast.review, "s5_published", **people)
    url = _url("presentation", review)
    before = review.report.key_findings
    data = {
        "date_0": "1",
        "date_1": "4",
        "date_2": "2025",
        "attendees": "Chief Executive",
        "key_findings": "New.",
    }
    assert login(cast.lead_peer).post(url, data | {"version": review.report.version}).status_code == 403
    review.report.refresh_from_db()
    assert review.report.key_findings == before
    assert login(cast.lead_peer).get(url).status_code == 200  # still read
