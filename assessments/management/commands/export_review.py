import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.exchange import export_review
from assessments.models import Review


class Command(BaseCommand):
    help = "Writes a review as a prevent-peer-review/1 JSON document (standard output by default)."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, reference, output, **options):
        review = Review.objects.select_related("host", "framework").filter(reference=reference).first()
        if review is None:
            raise CommandError(f'There is no review with the reference "{reference}".', returncode=2)
        text = json.dumps(export_review(review), indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {reference} to {output}.")
        else:
            self.stdout.write(text, ending="")
