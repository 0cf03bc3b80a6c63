import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.exchange import ExchangeError, import_review


class Command(BaseCommand):
    help = "Imports a review from a prevent-peer-review/1 JSON document, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON document (- for standard input)")
        parser.add_argument("--replace", action="store_true", help="replace a review with the same reference")

    def handle(self, *args, file, replace, **options):
        try:
            source = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}", returncode=2) from None
        try:
            review = import_review(source, replace=replace)
        except ExchangeError as error:
            raise CommandError(
                f"{file} was not imported; nothing was written:\n{error}", returncode=2
            ) from None
        self.stdout.write(f"Imported {review.reference} ({review.host.name}, {review.get_stage_display()}).")
