"""Stage 4: the presentation of key findings, its handout and its slides."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from assessments.forms.presentation import PresentationForm
from assessments.models import Presentation, Report
from assessments.pages.shared import review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import presentation as services
from reports.documents.handout import handout_pdf
from reports.documents.pdf import document_response
from reports.documents.slides import PPTX, key_findings_pptx


def _presentation_initial(review):
    presentation = Presentation.objects.filter(review=review).first()
    report = Report.objects.filter(review=review).first()
    return (
        presentation,
        report,
        {
            "date": presentation.date if presentation else review.on_site_end,
            "attendees": "\n".join(presentation.attendees) if presentation else "",
            "key_findings": "\n\n".join(report.key_findings) if report else "",
            "version": report.version if report else 1,
        },
    )


@login_required
def presentation(request, reference):
    # The team reads it always; it changes only while the report is unpublished and the review open.
    review = access.review_for(request.user, reference, Permission.VIEW_FINDINGS)
    if request.method == "POST":
        access.require(request.user, Permission.EDIT_PRESENTATION, review)
    stored, report, initial = _presentation_initial(review)
    form = PresentationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = partial(
            services.presentation_save,
            review=review,
            date=data["date"],
            attendees=data["attendees"],
            key_findings=data["key_findings"],
            expected_version=data["version"],
            by=request.user,
        )
        form_again = saved(request, form, save)
        if form_again is None:
            messages.success(request, "The presentation and key findings are saved.")
            return redirect("presentation", reference=review.reference)
        form = form_again
    context = review_context(request, review) | {"form": form, "saved": stored, "report": report}
    return render(request, "assessments/presentation.html", context)


@login_required
def presentation_handout(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_FINDINGS)
    return document_response(request, handout_pdf(review), f"{review.reference}-key-findings.pdf")


@login_required
def presentation_slides(request, reference):
    review = access.review_for(request.user, reference, Permission.DOWNLOAD_SLIDES)
    slides = key_findings_pptx(review)
    return document_response(request, slides, f"{review.reference}-key-findings.pptx", PPTX)
