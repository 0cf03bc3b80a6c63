from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments import access
from assessments.access import Permission
from assessments.forms.setup import PersonForm
from assessments.models import ReviewPerson
from assessments.services import reviews as review_services
from assessments.views.helpers import add_errors, review_context


@login_required
def review_people(request, reference):
    review = access.review_for(request.user, reference, Permission.MANAGE_PEOPLE)
    form = PersonForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            person = review_services.person_add(review=review, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person.name} is now {person.role_in_a_sentence} on this review.")
            return redirect("review_people", reference=review.reference)
    people = review.people.current().select_related("organisation", "user")
    context = review_context(request, review) | {
        "form": form,
        "team": [p for p in people if p.is_team],
        "contacts": [p for p in people if not p.is_team],
    }
    return render(request, "assessments/people.html", context)


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
