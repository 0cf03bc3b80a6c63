from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from assessments.models import Review
    from peerreview.accounts.models import User


def store_published_version(
    sender: "type[Review]", *, review: "Review", by: "User | None", **kwargs: Any
) -> None:
    """An imported review whose report is published gets its published version stored."""
    from reports.publishing.steps import reports_publish_imported

    reports_publish_imported(review=review, by=by)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Review reports"

    def ready(self) -> None:
        from assessments.signals import review_imported

        review_imported.connect(store_published_version, dispatch_uid="reports.store_published_version")
