from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from peerreview.operations.metrics import metrics_page
from peerreview.operations.readiness import readiness
from peerreview.views import health

urlpatterns = [
    path("", include("assessments.urls")),
    path("accounts/", include("peerreview.accounts.urls")),
    path("accounts/passkeys/", include("peerreview.accounts.passkey_urls")),
    path("notifications/", include("peerreview.inbox.urls")),
    path("", include("api.urls")),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("health/", health, name="health"),
    path("ready/", readiness, name="readiness"),
    path("metrics/", metrics_page, name="metrics"),
    path("admin/", admin.site.urls),
]

handler500 = "peerreview.views.server_error"
