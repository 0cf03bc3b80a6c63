import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from assessments import demo
from assessments.exchange import import_review
from assessments.models import Review
from peerreview.accounts.models import User


class Command(BaseCommand):
    help = "Loads the demo reviews and one account per role (debug only). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give every demo account a new password"
        )

    @transaction.atomic
    def handle(self, *args, reset_passwords, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DJANGO_DEBUG=true: it creates accounts with known roles."
            )
        for name in demo.DOCUMENTS:
            document = (demo.DEMO_DIR / name).read_bytes()
            reference = name.removesuffix(".json")
            if Review.objects.filter(reference=reference).exists():
                self.stdout.write(f"Demo review {reference} is already loaded.")
            else:
                import_review(document)
                self.stdout.write(f"Loaded demo review {reference}.")
        demo.follow_ups_link()
        demo.pool_profiles_add()
        demo.hub_add()
        User.objects.filter(email__in=demo.PROGRAMME_MANAGERS).update(is_review_manager=True)

        password = None
        accounts = User.objects.filter(email__in=[email for email, _ in demo.ACCOUNTS])
        if reset_passwords or any(not user.has_usable_password() for user in accounts):
            password = secrets.token_urlsafe(12)
            for user in accounts:
                user.set_password(password)
                user.save(update_fields=["password"])
        self._print_accounts(password)

    def _print_accounts(self, password):
        sign_in = settings.SITE_URL + reverse("accounts:login")
        self.stdout.write(f"\nDemo accounts (sign in at {sign_in}):")
        for email, role in demo.ACCOUNTS:
            self.stdout.write(f"  {role:<15} {email}")
        if password:
            self.stdout.write(self.style.SUCCESS(f"\nPassword for every demo account: {password}"))
            self.stdout.write(
                "It is shown only now. Run `manage.py seed_demo --reset-passwords` for a new one."
            )
        else:
            self.stdout.write("\nThe password was shown when the accounts were created.")
            self.stdout.write(
                "For a new one: DJANGO_DEBUG=true .venv/bin/python manage.py seed_demo --reset-passwords"
            )
