"""Learning across the programme: the good-practice library, search across reviews, and the
council's choice of what it shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from assessments import access
from assessments.access import Permission
from assessments.forms.library import LibraryFilterForm, SearchForm, SharingForm
from assessments.library import contact_of, search, shared_good_practice
from assessments.models import SpocContact
from assessments.pages import review_context
from assessments.services.sharing import shareable, sharing_set
from peerreview.forms import add_errors

PAGE_SIZE = 20


@login_required
def good_practice(request):
    access.require_library(request.user)
    form = LibraryFilterForm(request.GET or None)
    found = shared_good_practice(**form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"finding": item, "contact": contact_of(item)} for item in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "items": items, "total": len(found), "query": query.urlencode()}
    return render(request, "assessments/good_practice.html", context)


@login_required
def search_reviews(request):
    access.require_library(request.user)  # anyone with a role; results are cut to what each may open
    form = SearchForm(request.GET or None)
    results = search(request.user, form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "assessments/search.html", {"form": form, "results": results})


@login_required
def good_practice_sharing(request, reference):
    review = access.review_for(request.user, reference, Permission.SHARE_GOOD_PRACTICE)
    findings = shareable(review)
    contact = SpocContact.objects.filter(review=review).first()
    initial = {
        "shared": [str(f.pk) for f in findings if hasattr(f, "sharing_consent")],
        "contactable": contact is not None and contact.user_id == request.user.pk,
    }
    form = SharingForm(request.POST or None, findings=findings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sharing_set(
                review=review,
                shared=[int(pk) for pk in form.cleaned_data["shared"]],
                shown=[f.pk for f in findings],
                contactable=form.cleaned_data["contactable"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            count = len(form.cleaned_data["shared"])
            messages.success(
                request, f"Your council shares {count} piece{'s' if count != 1 else ''} of good practice."
            )
            return redirect("report", reference=review.reference)
    context = review_context(request, review) | {"form": form, "findings": findings, "contact": contact}
    return render(request, "assessments/good_practice_sharing.html", context)
