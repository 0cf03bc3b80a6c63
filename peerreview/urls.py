from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from peerreview.views import health

urlpatterns = [
    path("", include("assessments.urls")),
    path("accounts/", include("peerreview.accounts.urls")),
    path("notifications/", include("peerreview.inbox.urls")),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
