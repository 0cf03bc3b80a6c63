"""``manage.py create_api_token EMAIL``: a token for a person, as "API tokens" makes one in the
browser; the token is the last line printed, for a script to take."""

from django.core.management.base import BaseCommand, CommandError

from api.tokens import DAYS_CHOICES, api_token_create
from peerreview.accounts.models import User


class Command(BaseCommand):
    help = "Makes an API token for the person with this e-mail address and prints it (last line)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Made on the command line", help="What the token is for.")
        parser.add_argument("--writes", action="store_true", help="May change what its person may change.")
        parser.add_argument("--days", type=int, choices=DAYS_CHOICES, default=90, help="How long it works.")

    def handle(self, *args, email, name, writes, days, **options):
        user = User.objects.with_email(email)
        if user is None or not user.is_active:
            raise CommandError(f"There is no active account for {email}")
        row, token = api_token_create(user=user, name=name, writes=writes, days=days)
        access = "reads and changes" if writes else "reads"
        self.stdout.write(
            f"A token “{row.name}” for {user.email}: {access} what they may, until {row.expires_on}."
        )
        self.stdout.write(token)
