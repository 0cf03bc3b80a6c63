from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.jobs.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Loads a backup written by `backup` into an empty database (migrated, with no reviews or users), "
        "after checking every file against its SHA-256 manifest. Nothing is loaded if any check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            summary = backup_restore(Path(directory))
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"Restored {summary.reviews} reviews, {summary.files} evidence files and {summary.users} users "
            f"from {directory}."
        )
