from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Peer reviews"

    def ready(self):
        from assessments.models import FeedbackReminderSent, ReminderSent
        from peerreview.audit.signals import audit_changes_to

        # Everything a review holds is audited; a reminder sent is the mailer's own bookkeeping.
        bookkeeping = (ReminderSent, FeedbackReminderSent)
        audit_changes_to(model for model in self.get_models() if model not in bookkeeping)
