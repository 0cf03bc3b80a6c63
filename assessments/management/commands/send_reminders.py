from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mails owners and SPOCs about actions due within 14 days or overdue. Safe to run daily from cron."
    )

    def handle(self, *args, **options):
        sent = send_reminders(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder e-mail{'s' if sent != 1 else ''}.")
