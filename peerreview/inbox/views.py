"""Each person's notifications: the list (newest first), opening one, marking them read, and
how they are e-mailed. Only ever the signed-in person's own: anyone else's is 404."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from peerreview.accounts.models import User
from peerreview.inbox import services
from peerreview.inbox.forms import FrequencyForm
from peerreview.inbox.models import Notification
from peerreview.pagination import paginate

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = Notification.objects.shown_to(user)
    page = paginate(request, mine, PAGE_SIZE)
    context = {
        "page_title": "Notifications",
        "page": page,
        "unread": getattr(user, "unread_notifications", None),
        "frequency": user.get_email_notifications_display(),
    }
    return render(request, "inbox/notifications.html", context)


def _own(request: HttpRequest, pk: int) -> Notification:
    notification = Notification.objects.shown_to(_user(request)).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes where it leads. Marking read is all a GET
    changes, and it changes only the reader's own."""
    notification = _own(request, pk)
    services.mark_read(user=_user(request), notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("notification")
    if pk is not None and not pk.isdigit():
        raise Http404("No such notification")
    notification = _own(request, int(pk)) if pk is not None else None
    marked = services.mark_read(user=_user(request), notification=notification)
    if notification is None:
        messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read")
    return redirect("notifications")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = request.POST if request.method == "POST" else None
    form = FrequencyForm(data, initial={"frequency": user.email_notifications})
    if request.method == "POST" and form.is_valid():
        services.frequency_set(user=user, frequency=form.cleaned_data["frequency"])
        messages.success(request, "Your e-mail settings are saved")
        return redirect("notifications")
    context = {"page_title": "How we e-mail your notifications", "form": form}
    return render(request, "inbox/settings.html", context)
