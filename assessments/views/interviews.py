from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from assessments import access
from assessments.access import Permission
from assessments.forms.fieldwork import NoteForm, PresentationForm
from assessments.models import Interview, InterviewNote, Presentation, Report
from assessments.pages import review_context
from assessments.services import fieldwork as services
from assessments.services.versioning import StaleEdit
from peerreview.stale_edits import form_after_stale_edit
from reports.handout import handout_pdf
from reports.pdf import pdf_response


@login_required
def interview_detail(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    interview = access.object_for(
        request.user,
        review,
        Interview.objects.prefetch_related(
            "interviewer_links__person", "interviewee_links__stakeholder__organisation", "lines_of_enquiry"
        ),
        pk,
        Permission.VIEW_SCHEDULE,
    )
    context = review_context(request, review) | {"interview": interview}
    if access.can(request.user, Permission.VIEW_NOTES, review):
        # Notes are the team's alone: they are loaded only for users who may read them.
        notes = list(InterviewNote.objects.filter(interview=interview).select_related("author"))
        mine = next((n for n in notes if n.author_id == request.user.pk), None)
        form = NoteForm(
            request.POST or None,
            initial={"text": mine.text if mine else "", "version": mine.version if mine else 0},
        )
        if request.method == "POST":
            access.require(request.user, Permission.WRITE_NOTES, review)
            if form.is_valid():
                try:
                    services.note_save(
                        interview=interview,
                        author=request.user,
                        text=form.cleaned_data["text"],
                        expected_version=form.cleaned_data["version"],
                    )
                except StaleEdit as stale:
                    form = form_after_stale_edit(NoteForm, request, stale)
                else:
                    messages.success(request, "Your notes are saved.")
                    return redirect("interview_detail", reference=review.reference, pk=interview.pk)
        context |= {"notes": [n for n in notes if n.author_id != request.user.pk], "note_form": form}
    elif request.method == "POST":
        raise PermissionDenied("You may not write interview notes")
    return render(request, "assessments/interview_detail.html", context)


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
    saved, report, initial = _presentation_initial(review)
    form = PresentationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.presentation_save(
                review=review,
                date=data["date"],
                attendees=data["attendees"],
                key_findings=data["key_findings"],
                expected_version=data["version"],
                by=request.user,
            )
        except StaleEdit as stale:
            form = form_after_stale_edit(PresentationForm, request, stale)
        else:
            messages.success(request, "The presentation and key findings are saved.")
            return redirect("presentation", reference=review.reference)
    context = review_context(request, review) | {"form": form, "saved": saved, "report": report}
    return render(request, "assessments/presentation.html", context)


@login_required
def presentation_handout(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_FINDINGS)
    return pdf_response(handout_pdf(review), f"{review.reference}-key-findings.pdf")
