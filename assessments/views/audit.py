"""A review's audit trail: who did what to it, newest first (the log itself is
``peerreview.audit``; the page belongs with the reviews it is about)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments.pages.shared import review_context
from assessments.rules import access
from assessments.rules.access import Permission
from peerreview.audit.models import AuditEvent
from peerreview.pagination import paginate


@login_required
def review_audit(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_AUDIT)
    page = paginate(request, AuditEvent.objects.for_review(review), 50)
    return render(request, "audit/review_audit.html", review_context(request, review) | {"page": page})
