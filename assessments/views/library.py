"""Learning across the programme: the good-practice library, search across reviews, and the
council's choice of what it shares."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Window
from django.shortcuts import redirect, render

from assessments.forms.library import LibraryFilterForm, SearchForm, SharingForm
from assessments.models import SpocContact
from assessments.pages.shared import review_context
from assessments.reads.library import KINDS, contact_of, search, shared_good_practice
from assessments.reads.published import shareable_good_practice
from assessments.rules import access, programme
from assessments.rules.access import Permission
from assessments.services.sharing import sharing_set
from peerreview.forms import add_errors
from peerreview.pagination import paginate

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 25
SEARCH_FIRST = 5  # of each kind, before "all N findings"


@login_required
def good_practice(request):
    programme.require_library(request.user)
    form = LibraryFilterForm(request.GET or None)
    found = shared_good_practice(**form.filters())
    page = paginate(request, found, PAGE_SIZE)
    items = [{"finding": item, "contact": contact_of(item)} for item in page]
    context = {"form": form, "page": page, "items": items, "total": page.paginator.count}
    return render(request, "assessments/good_practice.html", context)


@dataclass
class SearchSection:
    kind: str
    items: list[Any]
    count: int

    @property
    def heading(self) -> str:
        return KINDS[self.kind]


@login_required
def search_reviews(request):
    programme.require_library(request.user)  # anyone with a role; results are cut to what each may open
    form = SearchForm(request.GET or None)
    sections, page = None, None
    if form.is_valid():
        results = search(request.user, form.cleaned_data["q"])
        if kind := form.cleaned_data["kind"]:  # one kind, in pages
            page = paginate(request, results.of(kind), SEARCH_PAGE_SIZE)
            sections = [SearchSection(kind, list(page.object_list), page.paginator.count)]
        else:  # the first few of each kind, each with its count and a link to all of them
            sections = [_first(results.of(kind), kind) for kind in KINDS]
    total = sum(section.count for section in sections or [])
    context = {"form": form, "sections": sections, "page": page, "total": total}
    return render(request, "assessments/search.html", context)


def _first(found: QuerySet[Any], kind: str) -> SearchSection:
    # Each row carries the count of all the matches: one query a kind, however much it finds. A
    # window, not a count subquery as a paged list has: results are ordered by rank, so every
    # match is worked out anyway, and a subquery would run the full-text search twice.
    items = list(found.annotate(search_total=Window(Count("pk")))[:SEARCH_FIRST])
    return SearchSection(kind, items, items[0].search_total if items else 0)


@login_required
def good_practice_sharing(request, reference):
    review = access.review_for(request.user, reference, Permission.SHARE_GOOD_PRACTICE)
    findings = shareable_good_practice(review)  # as published: never the team's new draft
    contact = SpocContact.objects.filter(review=review).first()
    initial = {
        "shared": [str(f.finding_id) for f in findings if hasattr(f.finding, "sharing_consent")],
        "contactable": contact is not None and contact.user_id == request.user.pk,
    }
    form = SharingForm(request.POST or None, findings=findings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sharing_set(
                review=review,
                shared=[int(pk) for pk in form.cleaned_data["shared"]],
                shown=[f.finding_id for f in findings if f.finding_id is not None],
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
