from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.jobs.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Writes every review (exchange format and full data), every evidence file and a SHA-256 "
        "manifest into DIR, which must be new or empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            summary = backup_write(Path(directory))
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"Backed up {summary.reviews} reviews, {summary.files} evidence files and {summary.users} users "
            f"to {directory}."
        )
