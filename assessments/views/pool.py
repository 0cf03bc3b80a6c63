"""The programme's pool of people: each person's own profile, and the directory the programme's
review managers browse and keep."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from assessments.forms.pool import DirectoryFilterForm
from assessments.pages.pool import profile_page
from assessments.reads.pool import directory
from assessments.rules import programme
from peerreview.accounts.models import User
from peerreview.pagination import paginate

PAGE_SIZE = 25


@login_required
def my_profile(request):
    return profile_page(request, request.user, here=reverse("profile"))


@login_required
def person_profile(request, pk):
    programme.require_people_directory(request.user)
    person = get_object_or_404(User.objects.filter(is_active=True).select_related("organisation"), pk=pk)
    return profile_page(request, person, here=reverse("person_profile", args=[person.pk]))


@login_required
def people_directory(request):
    programme.require_people_directory(request.user)
    form = DirectoryFilterForm(request.GET or None)
    page = paginate(request, directory(today=timezone.localdate(), **form.filters()), PAGE_SIZE)
    context = {"form": form, "page": page, "total": page.paginator.count}
    return render(request, "assessments/people_directory.html", context)
