import datetime
from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from assessments.forms.fields import AspectsField, CheckboxesField, label_choices, model_choices
from assessments.models import Interview, InterviewNote, LineOfEnquiry, Review, Stakeholder
from peerreview.forms import form_helper, long_text
from peerreview.stale_edits import VersionedForm

OTHER = "__other__"


class StakeholderForm(forms.Form):
    name = forms.CharField(
        label="Name (optional)",
        max_length=200,
        required=False,
        help_text="Many are recorded by job title only.",
    )
    job_title = forms.CharField(
        label="Job title", max_length=200, error_messages={"required": "Enter the job title"}
    )
    organisation = forms.ChoiceField(label="Organisation", widget=forms.RadioSelect)
    other_organisation = forms.CharField(label="Other organisation", max_length=200, required=False)
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        help_text="To send calendar invitations.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.org"},
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        known = [review.host.name, "Police Scotland"]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [(name, name) for name in known] + [
            (OTHER, "Another organisation")
        ]
        self.fields["organisation"].error_messages["required"] = "Choose the organisation"
        self.helper = form_helper("Save stakeholder")
        self.helper.layout = Layout(
            Field.text("name", field_width=30),
            Field.text("job_title", field_width=30),
            Field.radios("organisation", legend_size=Size.SMALL),
            Field.text("other_organisation", field_width=30),
            Field.text("email", field_width=30),
        )

    @classmethod
    def initial_for(cls, stakeholder) -> dict:
        """The form's answers for a stakeholder already recorded."""
        known = {stakeholder.review.host.name, "Police Scotland"}
        name = stakeholder.organisation.name
        return {
            "name": stakeholder.name,
            "job_title": stakeholder.job_title,
            "organisation": name if name in known else OTHER,
            "other_organisation": "" if name in known else name,
            "email": stakeholder.email,
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("organisation") == OTHER:
            if not data.get("other_organisation", "").strip():
                self.add_error("other_organisation", "Enter the name of the other organisation")
            data["organisation_name"] = data.get("other_organisation", "").strip()
        else:
            data["organisation_name"] = data.get("organisation", "")
        return data


# A 24-hour time with a colon or a full stop: 09:30, 9:30, 14.00.
TIME_FORMATS = ["%H:%M", "%H.%M"]


def _on_site_days(review: Review) -> list[tuple[str, str]]:
    """Each day of the review's on-site visit, as a choice: none until its days are set."""
    if not (review.on_site_start and review.on_site_end):
        return []
    length = (review.on_site_end - review.on_site_start).days + 1
    days = (review.on_site_start + datetime.timedelta(days=n) for n in range(length))
    return [(day.isoformat(), date_format(day, "l j F Y")) for day in days]


class InterviewForm(VersionedForm):
    day = forms.TypedChoiceField(
        label="Day",
        coerce=datetime.date.fromisoformat,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the day of the interview"},
    )
    starts = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, like 09:30",
        input_formats=TIME_FORMATS,
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time as a 24-hour time, like 09:30 or 14:00",
        },
    )
    ends = forms.TimeField(
        label="End time",
        help_text="24-hour clock, like 10:30",
        input_formats=TIME_FORMATS,
        error_messages={
            "required": "Enter the end time",
            "invalid": "Enter the end time as a 24-hour time, like 09:30 or 14:00",
        },
    )
    location = forms.CharField(
        label="Room or remote link",
        max_length=300,
        error_messages={"required": "Enter the room or the remote link"},
    )
    interviewees = CheckboxesField(
        queryset=Stakeholder.objects.none(),
        label="Who is being interviewed?",
        error_messages={"required": "Choose at least one person to interview"},
    )
    interviewers = CheckboxesField(
        queryset=None,
        label="Who from the team is interviewing?",
        error_messages={"required": "Choose at least one interviewer"},
    )
    lines_of_enquiry = CheckboxesField(
        queryset=LineOfEnquiry.objects.none(),
        required=False,
        label="Lines of enquiry to cover",
    )
    book_room_anyway = forms.BooleanField(required=False, label="Book the room anyway")

    def __init__(self, *args, review: Review, room_clash: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        cast(forms.ChoiceField, self.fields["day"]).choices = _on_site_days(review)
        interviewees = model_choices(
            self.fields["interviewees"], review.stakeholders.select_related("organisation")
        )
        label_choices(
            interviewees,
            lambda s: ", ".join(part for part in (s.name, s.job_title, s.organisation.name) if part),
        )
        interviewers = model_choices(self.fields["interviewers"], review.people.current().team())
        label_choices(interviewers, lambda p: f"{p.name} ({p.get_role_display()})")
        lines = model_choices(self.fields["lines_of_enquiry"], review.lines_of_enquiry.all())
        self.fields["aspects"] = AspectsField(review=review, label="Aspects to cover")
        fields = [
            Field.radios("day", legend_size=Size.SMALL),
            Field.text("starts", field_width=5),
            Field.text("ends", field_width=5),
            Field.text("location", field_width=30),
            Field.checkboxes("interviewees", legend_size=Size.SMALL, small=True),
            Field.checkboxes("interviewers", legend_size=Size.SMALL, small=True),
            Field.checkboxes("aspects", legend_size=Size.SMALL, small=True),
        ]
        if lines.queryset:  # read once, for the checkboxes too
            fields.append(Field.checkboxes("lines_of_enquiry", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["lines_of_enquiry"]
        if room_clash:
            fields.insert(0, Field.checkbox("book_room_anyway"))
        else:
            del self.fields["book_room_anyway"]
        self.helper = self.editor_helper("Save interview", *fields)

    def stored_rows(self, current: Interview) -> list[tuple[str, str]]:
        starts, ends = timezone.localtime(current.starts), timezone.localtime(current.ends)
        cancelled = " (cancelled)" if current.cancelled_at else ""
        return [
            ("When", f"{date_format(starts, 'l j F Y, H:i')} to {date_format(ends, 'H:i')}{cancelled}"),
            ("Where", current.location),
            ("Interviewing", "\n".join(str(person) for person in current.interviewees.all()) or "No one"),
            ("Interviewers", ", ".join(person.name for person in current.interviewers.all()) or "No one"),
            ("Aspects", ", ".join(map(str, current.aspects)) or "None chosen"),
            (
                "Lines of enquiry",
                "\n".join(line.text for line in current.lines_of_enquiry.all()) or "None chosen",
            ),
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("day") and data.get("starts") and data.get("ends"):
            zone = timezone.get_default_timezone()
            data["starts_at"] = datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", "The end time must be after the start time")
        return data


class NoteForm(VersionedForm):
    text = forms.CharField(
        label="Your notes",
        help_text="Only the review team can read these. They never appear in a report or go to the council.",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=50000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.editor_helper("Save notes", long_text(self, "text"))

    def stored_rows(self, current: InterviewNote) -> list[tuple[str, str]]:
        return [("Your notes", current.text or "None")]
