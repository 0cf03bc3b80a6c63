from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from api import pages
from api.views import actions, findings, programme, reviews, self_assessment
from api.views.base import not_found

app_name = "api"

REVIEW = "api/v1/reviews/<slug:reference>"

# The document and its page hold no one's data: they are open, like the sign-in page.
OPEN = {"authentication_classes": [], "permission_classes": [AllowAny], "throttle_classes": []}

urlpatterns = [
    path("api/v1/reviews/", reviews.ReviewList.as_view(), name="reviews"),
    path(f"{REVIEW}/", reviews.ReviewDetail.as_view(), name="review"),
    path(
        f"{REVIEW}/self-assessment/", self_assessment.SelfAssessmentDetail.as_view(), name="self_assessment"
    ),
    path(f"{REVIEW}/self-assessment/<int:aspect>/", self_assessment.AnswerDetail.as_view(), name="answer"),
    path(f"{REVIEW}/findings/", findings.PublishedFindings.as_view(), name="findings"),
    path(f"{REVIEW}/actions/", actions.ActionList.as_view(), name="actions"),
    path(f"{REVIEW}/actions/<int:pk>/", actions.ActionDetail.as_view(), name="action"),
    path(f"{REVIEW}/actions/<int:pk>/progress/", actions.ActionProgress.as_view(), name="action_progress"),
    path(f"{REVIEW}/support-requests/", programme.SupportRequests.as_view(), name="support_requests"),
    path("api/v1/overview/", programme.Overview.as_view(), name="overview"),
    path("api/schema/", SpectacularAPIView.as_view(**OPEN), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", **OPEN), name="docs"),
    # Anything else under /api/ (a path with a negative id, a mistyped one) is a problem too.
    re_path(r"^api/", not_found, name="not_found"),
    path("accounts/api-tokens/", pages.TokensView.as_view(), name="tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="token_revoke"),
]
