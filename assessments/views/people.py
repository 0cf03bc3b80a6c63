from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from assessments.forms.setup import PersonDetailsForm, PersonLookupForm
from assessments.models import HOST_ROLES, ReviewPerson, Role
from assessments.pages.shared import review_context
from assessments.reads import pool
from assessments.rules import access, programme
from assessments.rules.access import Permission
from assessments.services import reviews as review_services
from peerreview.accounts.models import User
from peerreview.forms import add_errors


@login_required
def review_people(request, reference):
    """The people on the review, and adding one: first who (e-mail) and in which role; then, for
    someone new, who they are, or, for someone with an account, a check of the details it holds
    (GOV.UK's one thing per page). Nothing is retyped for an existing account."""
    review = access.review_for(request.user, reference, Permission.MANAGE_PEOPLE)
    lookup = PersonLookupForm(request.POST or None)
    if request.method == "POST" and lookup.is_valid():
        role, email = lookup.cleaned_data["role"], lookup.cleaned_data["email"]
        existing = User.objects.with_email(email)
        # Someone the viewer may not look up is added as anyone new is: their details typed.
        if existing is not None and access.may_look_up(request.user, existing):
            return _add_existing(request, review, existing, role)
        return _add_new(request, review, role, email)
    return _people_page(request, review, lookup)


def _people_page(request, review, form):
    people = review.people.current().select_related("organisation", "user")
    suggested = programme.may_read_people_directory(request.user)
    context = review_context(request, review) | {
        "form": form,
        "team": [p for p in people if p.is_team],
        "contacts": [p for p in people if not p.is_team],
        "suggestions": pool.suggestions(review, today=timezone.localdate()) if suggested else None,
    }
    return render(request, "assessments/people.html", context)


def _add(request, review, form, **details):
    try:
        person = review_services.person_add(review=review, **details, by=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, f"{person.name} is now {person.role_in_a_sentence} on this review.")
    return redirect("review_people", reference=review.reference)


def _add_existing(request, review, user, role):
    form = PersonLookupForm(request.POST)
    form.is_valid()
    if "confirm" in request.POST:
        details = {"full_name": user.full_name, "job_title": user.job_title or "Not given"}
        organisation = user.organisation.name if user.organisation else ""
        added = _add(
            request, review, form, email=user.email, role=role, organisation_name=organisation, **details
        )
        if added is not None:
            return added
        return _people_page(request, review, form)
    context = review_context(request, review) | {"person": user, "role": Role(role), "role_key": role}
    return render(request, "assessments/person_confirm.html", context)


def _add_new(request, review, role, email):
    team = role not in HOST_ROLES
    bound = "details" in request.POST
    form = PersonDetailsForm(
        request.POST if bound else None, team=team, initial={"role": role, "email": email}
    )
    if bound and form.is_valid():
        data = form.cleaned_data
        added = _add(
            request,
            review,
            form,
            email=email,
            role=role,
            full_name=data["full_name"],
            job_title=data["job_title"],
            organisation_name=data.get("organisation_name", ""),
        )
        if added is not None:
            return added
    context = review_context(request, review) | {"form": form, "role": Role(role), "email": email}
    return render(request, "assessments/person_details.html", context)


@login_required
def person_remove(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.MANAGE_PEOPLE)
    person = access.object_for(
        request.user,
        review,
        ReviewPerson.objects.current().select_related("user"),
        pk,
        Permission.MANAGE_PEOPLE,
    )
    if request.method == "POST":
        review_services.person_remove(person=person, by=request.user)
        messages.success(request, f"{person.name} no longer has a role on this review.")
        return redirect("review_people", reference=review.reference)
    return render(
        request, "assessments/person_remove.html", review_context(request, review) | {"person": person}
    )
