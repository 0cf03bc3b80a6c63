"""Stage 3: stakeholders, the interview timetable, each interview and the team's notes on it."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from assessments.forms.interviews import InterviewForm, NoteForm, StakeholderForm
from assessments.models import Interview, InterviewNote, ReviewPerson, Stakeholder
from assessments.pages.shared import Confirmation, confirm_page, review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import interviews as services
from assessments.telling import interview_calendar
from peerreview.accounts.services import organisation_get_or_create
from reports.documents import timetable as timetable_document
from reports.documents.agencies import participating_agencies
from reports.documents.csv_files import csv_response
from reports.documents.pdf import document_response
from reports.documents.sheets import xlsx_response


@login_required
def timetable(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    context = review_context(request, review) | {
        "days": timetable_document.timetable_days(Interview.objects.timetable(review)),
        "team": review.people.current().team(),
        "agencies": participating_agencies(review),
    }
    return render(request, "assessments/timetable.html", context)


@login_required
def timetable_pdf(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    return document_response(
        request, timetable_document.timetable_pdf(review), f"{review.reference}-timetable.pdf"
    )


@login_required
def timetable_csv(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    rows = timetable_document.timetable_rows(review)
    header = timetable_document.TABLE_HEADER
    return csv_response(request, header=header, rows=rows, filename=f"{review.reference}-timetable.csv")


@login_required
def timetable_xlsx(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    rows = timetable_document.timetable_rows(review)
    header, filename = timetable_document.TABLE_HEADER, f"{review.reference}-timetable.xlsx"
    return xlsx_response(request, header=header, rows=rows, filename=filename, title="Interviews")


@login_required
def person_schedule(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    person = access.object_for(
        request.user, review, ReviewPerson.objects.team(), pk, Permission.VIEW_SCHEDULE
    )
    interviews = Interview.objects.timetable(review).filter(interviewer_links__person=person)
    if request.GET.get("format") == "ics":
        response = HttpResponse(
            interview_calendar.schedule(review, interviews), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{review.reference}-{person.pk}-schedule.ics"'
        )
        response["Cache-Control"] = "no-store"
        return response
    context = review_context(request, review) | {"person": person, "interviews": interviews}
    return render(request, "assessments/person_schedule.html", context)


@login_required
def stakeholders(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    form = None
    if access.can(request.user, Permission.EDIT_SCHEDULE, review):
        form = StakeholderForm(request.POST or None, review=review)
    elif request.method == "POST":
        access.require(request.user, Permission.EDIT_SCHEDULE, review)
    if request.method == "POST" and form is not None and form.is_valid():
        saved = _stakeholder_save(review, form.cleaned_data)
        messages.success(request, f"{saved} is added to the stakeholders.")
        return redirect("stakeholders", reference=review.reference)
    people = Stakeholder.objects.filter(review=review).select_related("organisation")
    return render(
        request,
        "assessments/stakeholders.html",
        review_context(request, review) | {"form": form, "people": people},
    )


def _stakeholder_save(review, data, stakeholder=None) -> Stakeholder:
    return services.stakeholder_save(
        review=review,
        stakeholder=stakeholder,
        name=data["name"],
        job_title=data["job_title"],
        organisation=organisation_get_or_create(name=data["organisation_name"]),
        email=data["email"],
    )


@login_required
def stakeholder_edit(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.EDIT_SCHEDULE)
    stakeholder = access.object_for(
        request.user, review, Stakeholder.objects.select_related("organisation"), pk, Permission.EDIT_SCHEDULE
    )
    form = StakeholderForm(
        request.POST or None, review=review, initial=StakeholderForm.initial_for(stakeholder)
    )
    if request.method == "POST" and form.is_valid():
        saved = _stakeholder_save(review, form.cleaned_data, stakeholder)
        messages.success(request, f"{saved} is saved.")
        return redirect("stakeholders", reference=review.reference)
    context = review_context(request, review) | {"form": form, "stakeholder": stakeholder}
    return render(request, "assessments/stakeholder_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_remove(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.EDIT_SCHEDULE)
    stakeholder = access.object_for(
        request.user, review, Stakeholder.objects.all(), pk, Permission.EDIT_SCHEDULE
    )
    back = reverse("stakeholders", args=[review.reference])
    if request.method == "POST":
        try:
            services.stakeholder_remove(stakeholder=stakeholder)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{stakeholder} is removed from the stakeholders.")
        return redirect(back)
    listed = list(Interview.objects.listing(stakeholder))
    if listed:
        messages.error(
            request,
            f"{stakeholder} cannot be removed while an interview lists them: "
            + "; ".join(f"{timezone.localtime(i.starts):%d %b %H:%M} at {i.location}" for i in listed)
            + ". Take them out of those interviews first.",
        )
        return redirect(back)
    return confirm_page(
        request,
        review,
        Confirmation(
            title=f"Remove {stakeholder} from the stakeholders?",
            lead="No interview lists them.",
            consequences=["They are no longer offered as an interviewee for this review."],
            button="Remove the stakeholder",
            cancel_url=back,
            warning=True,
        ),
    )


def _slot(data) -> services.Slot:
    return services.Slot(
        starts=data["starts_at"],
        ends=data["ends_at"],
        location=data["location"],
        interviewees=list(data["interviewees"]),
        interviewers=list(data["interviewers"]),
    )


def _interview_initial(review, interview) -> dict[str, Any]:
    if interview is None:
        return {"version": None} | ({"location": review.venue} if review.venue else {})
    local = timezone.localtime(interview.starts)
    return {
        "day": local.date().isoformat(),
        "starts": f"{local:%H:%M}",
        "ends": f"{timezone.localtime(interview.ends):%H:%M}",
        "location": interview.location,
        "interviewees": list(interview.interviewees.all()),
        "interviewers": list(interview.interviewers.all()),
        "aspects": interview.aspects,
        "lines_of_enquiry": list(interview.lines_of_enquiry.all()),
        "version": interview.version,
    }


def _with_room_clash(request, initial, review, clash: services.RoomClash) -> InterviewForm:
    """The form again, offering to book the room anyway, each clash said by the room."""
    form = InterviewForm(request.POST, initial=initial, review=review, room_clash=True)
    form.is_valid()
    for message in clash.messages:
        form.add_error(
            "location", f"{message}. To book it anyway, tick “Book the room anyway” and save again"
        )
    return form


@login_required
def interview_edit(request, reference, pk=None):
    review = access.review_for(request.user, reference, Permission.EDIT_SCHEDULE)
    interview = None
    if pk is not None:
        interview = access.object_for(
            request.user, review, Interview.objects.scheduled(), pk, Permission.EDIT_SCHEDULE
        )
    initial = _interview_initial(review, interview)
    room_clash = request.method == "POST" and "book_room_anyway" in request.POST
    form = InterviewForm(request.POST or None, initial=initial, review=review, room_clash=room_clash)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = partial(
            services.interview_save,
            review=review,
            interview=interview,
            slot=_slot(data),
            aspects=data["aspects"],
            lines_of_enquiry=data.get("lines_of_enquiry", []),
            allow_room_clash=data.get("book_room_anyway", False),
            expected_version=data["version"],
            by=request.user,
        )
        try:
            form_again = saved(request, form, save, initial=initial, review=review, room_clash=room_clash)
        except services.RoomClash as clash:
            form_again = _with_room_clash(request, initial, review, clash)
        if form_again is None:
            sent = "the change" if interview is not None else "the invitation"
            messages.success(
                request, f"The interview is saved. Attendees with an e-mail address have been sent {sent}."
            )
            return redirect("timetable", reference=review.reference)
        form = form_again
    context = review_context(request, review) | {"form": form, "interview": interview}
    return render(request, "assessments/interview_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interview_cancel(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.EDIT_SCHEDULE)
    interview = access.object_for(
        request.user, review, Interview.objects.scheduled(), pk, Permission.EDIT_SCHEDULE
    )
    if request.method == "GET":
        when = timezone.localtime(interview.starts)
        return confirm_page(
            request,
            review,
            Confirmation(
                title="Cancel the interview?",
                lead=f"The interview on {when:%A} {when.day} {when:%B %Y at %H:%M} at {interview.location}.",
                consequences=[
                    "Everyone invited who has an e-mail address is sent the cancellation for their calendar.",
                    "The interview stays in the timetable, marked as cancelled.",
                ],
                button="Cancel the interview",
                cancel_url=reverse("interview_edit", args=[review.reference, interview.pk]),
                warning=True,
                cannot_undo=True,
            ),
        )
    services.interview_cancel(interview=interview, by=request.user)
    messages.success(request, "The interview is cancelled. Attendees with an e-mail address have been told.")
    return redirect("timetable", reference=review.reference)


def _notes(request, review, interview) -> dict[str, Any] | HttpResponse:
    """The other notes and the viewer's own note form, for the team alone (loaded only for those
    who may read them); a saved note answers with where to go next."""
    notes = list(InterviewNote.objects.filter(interview=interview).select_related("author"))
    mine = next((n for n in notes if n.author_id == request.user.pk), None)
    initial = {"text": mine.text if mine else "", "version": mine.version if mine else 0}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.require(request.user, Permission.WRITE_NOTES, review)
        if form.is_valid():
            save = partial(
                services.note_save,
                interview=interview,
                author=request.user,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
            form_again = saved(request, form, save)
            if form_again is None:
                messages.success(request, "Your notes are saved.")
                return redirect("interview_detail", reference=review.reference, pk=interview.pk)
            form = form_again
    return {"notes": [n for n in notes if n.author_id != request.user.pk], "note_form": form}


@login_required
def interview_detail(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.VIEW_SCHEDULE)
    interview = access.object_for(
        request.user,
        review,
        Interview.objects.with_attendees().prefetch_related("lines_of_enquiry"),
        pk,
        Permission.VIEW_SCHEDULE,
    )
    context = review_context(request, review) | {
        "interview": interview,
        # A cancelled interview stays in the timetable as it was; it is not changed any more.
        "can_change": interview.cancelled_at is None
        and access.can(request.user, Permission.EDIT_SCHEDULE, review),
    }
    if access.can(request.user, Permission.VIEW_NOTES, review):
        notes = _notes(request, review, interview)
        if isinstance(notes, HttpResponse):
            return notes
        context |= notes
    elif request.method == "POST":
        raise PermissionDenied("You may not write interview notes")
    return render(request, "assessments/interview_detail.html", context)
