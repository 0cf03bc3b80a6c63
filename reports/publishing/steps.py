"""Writes for stage 5: the report's text, the factual-accuracy loop and publishing. The findings
themselves are written in ``assessments.services.findings``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from assessments.lifecycle import publication
from assessments.models import (
    Finding,
    PublishedFinding,
    Report,
    ReportComment,
    ReportStatus,
    ReportVersion,
    Review,
    ReviewPlan,
)
from assessments.reads import timeline
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services.versioning import save_if_current
from assessments.telling.notifications import tell, tell_person
from peerreview.accounts.models import User
from reports.documents.content import SECTION_TITLES
from reports.documents.rendering import report_html
from reports.publishing.tasks import version_render


def _report_row(review: Review) -> Report:
    """The review's report row, made the first time a write needs it (never by a read)."""
    report, _ = Report.objects.get_or_create(review=review)
    return report


@transaction.atomic
def report_text_save(
    *,
    review: Review,
    context: str,
    executive_summary: list[str],
    key_findings: list[str],
    acknowledgements: list[str] | None,
    expected_version: int,
    by: User | None,
) -> Report:
    report = _report_row(review)
    report.context = context.strip()
    report.executive_summary, report.key_findings = executive_summary, key_findings
    report.acknowledgements = acknowledgements or None
    report.full_clean(exclude=["version"])
    save_if_current(
        report,
        expected_version=expected_version,
        by=by,
        fields=["context", "executive_summary", "key_findings", "acknowledgements"],
    )
    return report


def _locked(review: Review) -> Report:
    return Report.objects.select_for_update().get(pk=_report_row(review).pk)


def _require_report_stage(review: Review) -> None:
    if (problem := publication.report_step_blocker(review)) is not None:
        raise ValidationError(problem)


@transaction.atomic
def report_send_for_checking(*, review: Review, by: User | None) -> Report:
    """Draft -> factual accuracy: the host's SPOC and deputy may now read and comment."""
    _require_report_stage(review)
    report = _locked(review)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("Only a draft can be sent to the council for a factual-accuracy check")
    if not publication.has_findings(review):
        raise ValidationError("Record at least one finding before sending the draft to the council")
    report.status = ReportStatus.FACTUAL_ACCURACY
    report.checking_since = timezone.localdate()  # the plan counts the window's working days from here
    report.check_finished_at, report.check_finished_by = None, None  # a new check, not yet done
    report.save(update_fields=["status", "checking_since", "check_finished_at", "check_finished_by"])
    plan = ReviewPlan.objects.filter(review=review).first() or ReviewPlan(review=review)
    due = timeline.comments_due(report, plan)
    tell(
        review=review,
        permission=Permission.COMMENT_ON_REPORT,  # the council's SPOC and deputy, now
        subject="The draft report is ready for your check",
        lines=[
            "The review team has sent the draft report for your factual-accuracy check.",
            f"Please send any comments by {date_format(due, 'l j F Y')}." if due else "",
        ],
        url_name="report",
    )
    return report


@transaction.atomic
def report_return_to_draft(*, review: Review, by: User | None) -> Report:
    """Factual accuracy -> draft; or, after publication, a new draft towards the next version
    (the host goes on reading the published version meanwhile)."""
    _require_report_stage(review)
    report = _locked(review)
    if report.status == ReportStatus.DRAFT:
        raise ValidationError("The report is in draft already")
    report.status = ReportStatus.DRAFT
    report.save(update_fields=["status"])
    return report


@transaction.atomic
def comment_add(*, review: Review, section: str, text: str, by: User | None) -> ReportComment:
    report = _locked(review)
    if report.status != ReportStatus.FACTUAL_ACCURACY:
        raise ValidationError("Comments are taken only while the draft is out for a factual-accuracy check")
    if section not in SECTION_TITLES:
        raise ValidationError({"section": "Choose the section your comment is about"})
    comment = ReportComment(report=report, section=section, text=text.strip(), author=by)
    comment.full_clean()
    comment.save()
    tell(
        review=review,
        permission=Permission.EDIT_FINDINGS,  # the team, who resolve comments
        subject="A factual-accuracy comment on the draft",
        lines=[f"On “{SECTION_TITLES[section]}”:", comment.text],
        url_name="report",
        event=f"comment-{comment.pk}",
    )
    return comment


@transaction.atomic
def comment_resolve(*, comment: ReportComment, resolution: str, by: User | None) -> ReportComment:
    if comment.resolved_at is not None:
        raise ValidationError("This comment has been resolved already")
    comment.resolution, comment.resolved_by, comment.resolved_at = resolution.strip(), by, timezone.now()
    comment.full_clean()
    comment.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    if comment.author is not None:
        tell_person(
            person=comment.author,
            review=comment.report.review,
            permission=Permission.VIEW_DRAFT_REPORT,  # only while the author may still see the draft
            subject="Your comment on the draft is resolved",
            lines=["Your comment:", comment.text, "How it was resolved:", comment.resolution],
            url_name="report",
        )
    return comment


@transaction.atomic
def report_check_finish(*, review: Review, by: User) -> Report:
    """The council (its SPOC or deputy) says it has finished checking the draft out with it:
    the report may then be published without waiting for the check's due date."""
    report = _locked(review)
    fresh = Review.objects.select_related("report").get(pk=review.pk)  # the report as it is now
    if not access.can(by, Permission.COMMENT_ON_REPORT, fresh):
        raise ValidationError("Only the council's SPOC or deputy can say the check is finished, during it")
    if report.check_finished_at is None:
        report.check_finished_at, report.check_finished_by = timezone.now(), by
        report.save(update_fields=["check_finished_at", "check_finished_by"])
        tell(
            review=review,
            permission=Permission.PUBLISH_REPORT,
            subject="The council has finished checking the draft report",
            lines=[f"{by.full_name} has said the council has finished its factual-accuracy check."],
            url_name="report",
            event=f"check-finished-{report.pk}-{report.checking_since}",
        )
    return report


@transaction.atomic
def report_publish(*, review: Review, by: User | None, reason: str = "") -> ReportVersion:
    """Publishes the draft the host has checked as version n+1, by the one road the stage machine
    allows (``publication.publish_blockers``). While the council's check is still open
    (``publication.check_open``) it takes a ``reason``, kept with the version."""
    report = _locked(review)
    problems = publication.publish_blockers(review)
    if problems:
        raise ValidationError(" ".join(problems))
    early = publication.check_open(review)
    if early and not reason.strip():
        raise ValidationError(f"{early} Give a reason to publish before then.")
    # The date of first publication: the report page says "first published"; each version keeps
    # its own time of publication.
    report.published_on = report.published_on or timezone.localdate()
    report.status = ReportStatus.PUBLISHED
    report.save(update_fields=["status", "published_on"])
    return report_version_store(
        report=report, by=by, announce=True, early_because=reason.strip() if early else ""
    )


def report_version_store(
    *, report: Report, by: User | None, announce: bool = False, early_because: str = ""
) -> ReportVersion:
    """Stores version n+1: the report's HTML and the findings as worded now, what the host reads
    and acts on from here, and neither ever changes after. The PDF is rendered from that HTML by
    a background task (``reports.publishing.tasks.version_render``), which then, with ``announce``, tells
    everyone on the review that it is published."""
    review = report.review
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        report=report,
        number=number,
        html=report_html(review),
        published_by=by,
        published_early_because=early_because,
    )
    version.full_clean()
    version.save()
    PublishedFinding.objects.bulk_create(
        PublishedFinding(
            version=version,
            finding=finding,
            area_id=finding.area_id,
            kind=finding.kind,
            aspects=finding.aspects,
            text=finding.text,
            position=finding.position,
        )
        for finding in Finding.objects.filter(review=review).order_by("position", "pk")
    )
    version_render.enqueue(version.pk, announce)
    return version


def reports_publish_imported(*, review: Review, by: User | None = None) -> ReportVersion | None:
    """An imported review whose document says its report is published gets that version stored,
    so that its host reads the report, action plan and comparison as published. The document is
    the record of what happened elsewhere, so the road to publication does not apply."""
    report = Report.objects.filter(review=review, status=ReportStatus.PUBLISHED).first()
    if report is None or report.versions.exists():
        return None
    return report_version_store(report=report, by=by)
