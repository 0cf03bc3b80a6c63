"""The programme's calendar for its review managers, and each person's calendar feed: the page
that makes its secret address, and the feed itself, read by a calendar program without signing
in (the address is the key)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.forms.pool import CalendarFilterForm
from assessments.models import CalendarFeed
from assessments.reads.calendar import calendar_months, feed_of, programme_dates
from assessments.rules import programme
from assessments.services.calendar import calendar_feed_owner, calendar_feed_reset
from peerreview.pagination import choices_kept, paginate
from reports.documents.calendar_feed import calendar_feed as feed_document

DATES_PER_PAGE = 25  # as every list in the service


@login_required
def calendar(request):
    programme.require_programme_calendar(request.user)
    form = CalendarFilterForm(request.GET or None)
    filters = form.filters()
    year = filters.pop("year", timezone.localdate().year)
    # A page of the year's dates, ordered and cut in the database: a year of a large programme
    # is thousands of dates, and the page costs the same however many there are.
    page = paginate(request, programme_dates(year=year, **filters), DATES_PER_PAGE)
    months = calendar_months(page.object_list, year)
    context = {"form": form, "year": year, "page": page, "months": months}
    context |= {"years": [(other, _year_href(request, other)) for other in (year - 1, year + 1)]}
    return render(request, "assessments/calendar.html", context)


def _year_href(request, year: int) -> str:
    """The calendar of ``year`` with the same stage and person chosen, from its first page."""
    query = choices_kept(request)
    query["year"] = str(year)
    return f"?{query.urlencode()}"


@login_required
def calendar_subscribe(request):
    """Making the address (again); the new address is shown on the page that answers, once."""
    address = None
    if request.method == "POST":
        token = calendar_feed_reset(user=request.user)
        address = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "assessments/calendar_subscribe.html", {"feed": feed, "address": address})


@require_GET
def calendar_feed(request, token):
    owner = calendar_feed_owner(token)
    if owner is None:
        raise Http404("No such calendar")
    entries, interviews = feed_of(owner)
    response = HttpResponse(feed_document(owner.full_name, entries, interviews), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="prevent-peer-reviews.ics"'
    return response
