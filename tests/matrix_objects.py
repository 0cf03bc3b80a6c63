"""The objects the authorization matrix's URLs name, one of each kind on the cast's review (and
the programme's), as primary keys by the name of the URL pattern's placeholder."""

import datetime

from django.utils import timezone

from api.tokens import api_token_create
from assessments.models import (
    Action,
    Finding,
    HubAnswer,
    HubQuestion,
    Interview,
    LineOfEnquiry,
    MentoringMatch,
    PublishedFinding,
    Report,
    ReportComment,
    ReportVersion,
    ReviewPerson,
    Stakeholder,
    SupportRequest,
)
from assessments.services.evidence import evidence_upload
from peerreview.inbox.models import Notification
from tests.files import upload
from tests.two_factor import app_for


def fieldwork(cast) -> dict:
    """Evidence, a line of enquiry and an interview on the review, on site on its dates."""
    review = cast.review
    review.on_site_start, review.on_site_end = datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
    review.save()
    (evidence,) = evidence_upload(review=review, files=[upload("plan.pdf")], aspects=[1], by=cast.spoc)
    line = LineOfEnquiry.objects.create(review=review, text="How?", aspects=[1])
    starts = timezone.make_aware(datetime.datetime(2025, 3, 31, 9, 30))
    interview = Interview.objects.create(
        review=review, starts=starts, ends=starts + datetime.timedelta(hours=1), location="Room"
    )
    return {"evidence": evidence.pk, "line": line.pk, "interview": interview.pk}


def report(cast) -> dict:
    """A finding with an action, and the report in a new draft after a published version."""
    review = cast.review
    area = review.framework.areas.get(key="leadership")
    improvement = Finding.objects.create(
        review=review, area=area, kind="improvement", text="Improve.", position=1
    )
    action = Action.objects.create(
        finding=improvement, description="Do.", owner="SPOC", due=datetime.date(2026, 1, 1)
    )
    # A stored version stands in for a rendered one: rendering is not what this test is about. The
    # report is in a new draft after that version, so the team edits findings while the host keeps
    # the published version's action plan.
    report = Report.objects.create(review=review, status="draft")
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        pdf=b"%PDF-1.7 stand-in",
        sha256="0" * 64,
        docx=b"PK stand-in",
        docx_sha256="1" * 64,
    )
    published = PublishedFinding.objects.create(
        version=version, finding=improvement, area=area, kind="improvement", text="Improve.", position=1
    )
    comment = ReportComment.objects.create(report=report, section="findings", text="x", author=cast.spoc)
    return {
        "improvement": improvement.pk,
        "published_improvement": published.pk,
        "action": action.pk,
        "comment": comment.pk,
    }


def people_and_support(cast) -> dict:
    """A person with no account, a stakeholder, a notification and a matched support request."""
    review = cast.review
    support = SupportRequest.objects.create(
        review=review, kind="mentoring", description="Help", requested_by=cast.spoc
    )
    match = MentoringMatch.objects.create(
        support=support, mentor=cast.peer_elsewhere, proposed_by=cast.review_manager
    )
    notification = Notification.objects.create(
        user=cast.spoc, topic=review.reference, subject="News", body="x", url=f"/reviews/{review.reference}/"
    )
    return {
        "support": support.pk,
        "match": match.pk,
        "extra_person": ReviewPerson.objects.create(
            review=review, role="peer", name="No Account", job_title="Officer"
        ).pk,
        "stakeholder": Stakeholder.objects.create(
            review=review, job_title="Youth Worker", organisation=cast.host
        ).pk,
        "lead_person": ReviewPerson.objects.get(review=review, user=cast.lead_peer).pk,
        "notification": notification.pk,
        "person": cast.spoc.pk,
    }


def programme(cast) -> dict:
    """A knowledge hub question with its answer, an API token and a sign-in app."""
    question = HubQuestion.objects.create(author=cast.spoc, title="How?", body="Tell me")
    return {
        "question": question.pk,
        "answer": HubAnswer.objects.create(question=question, author=cast.other_spoc, body="Like so").pk,
        "spoc_token": api_token_create(user=cast.spoc, name="Sync", writes=False, days=30)[0].pk,
        "lead_app": app_for(cast.lead_peer).pk,
    }
