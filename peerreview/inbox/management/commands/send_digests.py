from django.core.management.base import BaseCommand

from peerreview.inbox.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Queues the daily digest: each person's notifications not yet e-mailed, in one e-mail. "
        "Run once a day from cron or a systemd timer; the task worker sends them."
    )

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Queued the daily digest (task {result.id}).")
