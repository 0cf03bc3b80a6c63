from django.apps import AppConfig


def store_published_version(sender, *, review, by, **kwargs):
    """An imported review whose report is published gets its published version stored."""
    from reports.services import reports_publish_imported

    reports_publish_imported(review=review, by=by)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Review reports"

    def ready(self):
        from assessments.signals import review_imported

        review_imported.connect(store_published_version, dispatch_uid="reports.store_published_version")
