"""Each form is sent once: a second sending of the same form (a double click, the browser's
"resubmit") creates nothing twice.

Every POST form carries a single-use token (``{% submission_token %}``, rendered beside the CSRF
token, including in every crispy form). The first request with a token claims it, by inserting
its row; a request whose claim fails because the token is taken waits briefly for the first to
finish, then goes where the first went. A sending that does not succeed (the form had errors)
gives its token back, so nothing is lost by a retry.
"""

import time
import uuid
from datetime import timedelta

from django import template
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

from peerreview.accounts.models import FormSubmission

FIELD = "submission_token"
KEPT_FOR = timedelta(days=1)
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.1

register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _claim(request, token) -> bool:
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=request.user, path=request.path[:500])
    except IntegrityError:
        return False
    return True


def _first_sending(token) -> tuple[int, str] | None:
    """``(user id, location)`` of the first sending of ``token`` once it has finished (location
    empty if it is still being handled after the wait); None if it gave the token back."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        first = FormSubmission.objects.filter(token=token).values_list("user_id", "location").first()
        if first is None or first[1] or time.monotonic() > deadline:
            return first
        time.sleep(POLL_SECONDS)


class SubmissionOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token(request) if request.method == "POST" and request.user.is_authenticated else None
        if token is None:
            return self.get_response(request)
        if not _claim(request, token):
            first = _first_sending(token)
            if first is not None and first[0] != request.user.pk:
                # Someone else's token: not this user's sending to repeat or to block.
                return self.get_response(request)
            if first is not None:
                if not first[1]:  # still being handled after the wait: show the page afresh
                    return redirect(request.path)
                messages.info(request, "That form was sent twice. It has been saved once.")
                return redirect(first[1])
            if not _claim(request, token):  # taken again at once by a third sending
                return redirect(request.path)
        try:
            response = self.get_response(request)
        except BaseException:
            FormSubmission.objects.filter(token=token).delete()
            raise
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            FormSubmission.objects.filter(token=token).update(location=response["Location"][:1000])
            FormSubmission.objects.filter(at__lt=timezone.now() - KEPT_FOR).delete()
        else:
            FormSubmission.objects.filter(token=token).delete()
        return response
