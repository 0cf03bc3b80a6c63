"""A person's profile page in the programme's pool, kept by the person or by a review manager:
their expertise and consent, the days they cannot do, the conflicts they declare. The page has
one form for each; each form says which it is when sent (``PoolForm.name``)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from assessments.forms.pool import ConflictForm, PoolForm, ProfileForm, UnavailabilityForm
from assessments.models import DeclaredConflict, PoolProfile, Unavailability
from assessments.reads.pool import current_framework
from assessments.services import pool as services
from peerreview.accounts.models import User
from peerreview.forms import add_errors

REMOVALS: dict[str, type[Unavailability] | type[DeclaredConflict]] = {
    "remove_unavailable": Unavailability,
    "remove_conflict": DeclaredConflict,
}


def profile_page(request: HttpRequest, person: User, *, here: str) -> HttpResponse:
    """The profile of ``person`` (the viewer, or someone a manager keeps), at the URL ``here``."""
    by: User = request.user  # type: ignore[assignment]  # signed in: the views require it
    framework = current_framework()
    profile = (
        PoolProfile.objects.filter(user=person)
        .select_related("updated_by")
        .prefetch_related("aspects", "areas")
        .first()
    )
    forms: dict[str, PoolForm] = {
        "profile": ProfileForm(framework=framework, initial=_initial(profile)),
        "unavailable": UnavailabilityForm(),
        "conflict": ConflictForm(),
    }
    sent = request.POST.get("form", "") if request.method == "POST" else ""
    if sent in REMOVALS:
        _remove(request, person, sent)
        return redirect(here)
    if sent in forms:
        bound = type(forms[sent])(request.POST, **({"framework": framework} if sent == "profile" else {}))
        forms[sent] = bound
        if bound.is_valid() and _saved(request, bound, _SAVES[sent](bound.cleaned_data, person, by)):
            return redirect(here)
    context = {
        "person": person,
        "own": person.pk == by.pk,
        "profile": profile,
        "forms": forms,
        "has_errors": any(form.errors for form in forms.values()),
        "unavailable": Unavailability.objects.filter(user=person).order_by("first_day"),
        "conflicts": DeclaredConflict.objects.filter(user=person).order_by("organisation_key"),
    }
    return render(request, "assessments/pool_profile.html", context)


def _initial(profile: PoolProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "aspects": list(profile.aspects.all()),
        "areas": list(profile.areas.all()),
        "reviews_consent": profile.reviews_consent,
        "mentoring_consent": profile.mentoring_consent,
    }


Save = Callable[[], tuple[str, object]]


def _saved(request: HttpRequest, form: PoolForm, save: Save) -> bool:
    """Runs ``save``; its message on success, or its refusal on ``form``."""
    try:
        message, _ = save()
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, message)
    return True


def _save_profile(data: dict[str, Any], person: User, by: User) -> Save:
    def save() -> tuple[str, object]:
        kept = services.profile_save(
            person=person,
            aspects=data["aspects"],
            areas=data["areas"],
            reviews_consent=data["reviews_consent"],
            mentoring_consent=data["mentoring_consent"],
            by=by,
        )
        return "The profile is saved.", kept

    return save


def _save_unavailable(data: dict[str, Any], person: User, by: User) -> Save:
    def save() -> tuple[str, object]:
        days = services.unavailability_add(
            person=person, first_day=data["first_day"], last_day=data["last_day"], by=by
        )
        return f"{days} added to the days {person.full_name} cannot do.", days

    return save


def _save_conflict(data: dict[str, Any], person: User, by: User) -> Save:
    def save() -> tuple[str, object]:
        conflict = services.conflict_declare(
            person=person, organisation_name=data["organisation_name"], reason=data["reason"], by=by
        )
        return f"The conflict of interest with {conflict.organisation_name} is recorded.", conflict

    return save


_SAVES = {"profile": _save_profile, "unavailable": _save_unavailable, "conflict": _save_conflict}


def _remove(request: HttpRequest, person: User, sent: str) -> None:
    """Removes one of ``person``'s own dates or conflicts (404 for anyone else's)."""
    model = REMOVALS[sent]
    pk = request.POST.get("pk", "")
    item = get_object_or_404(model._default_manager.filter(user=person), pk=pk if pk.isdigit() else None)
    by: User = request.user  # type: ignore[assignment]
    if isinstance(item, Unavailability):
        services.unavailability_remove(days=item, by=by)
    elif isinstance(item, DeclaredConflict):
        services.conflict_withdraw(conflict=item, by=by)
    messages.success(request, f"{item} is removed.")
