from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments.jobs.reminders import plan_dates_passed_tell, reminders_send, send_reminders


class Command(BaseCommand):
    help = (
        "Tells owners and SPOCs about actions due within 14 days or overdue, and each review's "
        "managers about dates in its plan that have passed (in the service and by e-mail). Queues "
        "the work for the task worker; --now does it here. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Do the work in this process, not the worker.")

    def handle(self, *args, **options):
        if options["now"]:
            sent = send_reminders(today=timezone.localdate())
            told = plan_dates_passed_tell(today=timezone.localdate())
            self.stdout.write(f"Sent reminders about {sent} action{'s' if sent != 1 else ''}.")
            self.stdout.write(
                f"Told managers of passed plan dates ({told} notification{'s' if told != 1 else ''})."
            )
            return
        result = reminders_send.enqueue()
        self.stdout.write(f"Queued the reminders (task {result.id}).")
