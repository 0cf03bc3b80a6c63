from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.jobs.retention import notes_due, retention_apply


class Command(BaseCommand):
    help = (
        "Deletes the interview notes of reviews closed more than NOTES_RETENTION_MONTHS months ago, "
        "recording each deletion in the audit log. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be deleted; delete nothing"
        )

    def handle(self, *args, dry_run, **options):
        months = settings.NOTES_RETENTION_MONTHS
        results = notes_due() if dry_run else retention_apply()
        verb = "Would delete" if dry_run else "Deleted"
        for due in results:
            self.stdout.write(f"{verb} {due.counted} of {due.review.reference}.")
        if not results:
            self.stdout.write(f"No review closed more than {months} months ago holds interview notes.")
