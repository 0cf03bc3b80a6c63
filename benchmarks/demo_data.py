"""The data the page and load benchmarks run on: the demo reviews, and copies of them for
other (invented) councils to multiply the number of reviews."""

import io

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from assessments import demo
from assessments.exchange import import_review
from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read
from peerreview.accounts.models import User

PASSWORD = "benchmark-passphrase-only-for-a-throwaway-database"
MANAGER = "manager@demo.example.org"
# A demo account for each role, and the demo reviews they see.
ROLES = {
    "review manager": MANAGER,
    "lead peer": "lead.peer@demo.example.org",
    "peer": "peer@demo.example.org",
    "SPOC": "spoc@ardlarich.example.org",
    "deputy SPOC": "deputy.spoc@ardlarich.example.org",
    "senior officer": "senior.officer@ardlarich.example.org",
}
REFERENCES = [name.removesuffix(".json") for name in demo.DOCUMENTS]


def load_demo() -> None:
    """What `make run` loads, with one known password, into an emptied database."""
    call_command("flush", interactive=False, verbosity=0)
    framework_load(framework_read(framework_file(DEFAULT_FRAMEWORK)))
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    for user in User.objects.filter(email__in=ROLES.values()):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def add_copies(count: int) -> None:
    """``count`` more copies of every demo review, each for a council of its own whose people
    are its own; the review team and the manager are the demo's, so their lists grow."""
    for number in range(1, count + 1):
        with transaction.atomic():
            for name in demo.DOCUMENTS:
                text = (demo.DEMO_DIR / name).read_text(encoding="utf-8")
                import_review(
                    text.replace("ardlarich", f"ardlarich{number}").replace("Ardlarich", f"Ardlarich{number}")
                )
            demo.follow_ups_link(lambda reference, n=number: reference.replace("ardlarich", f"ardlarich{n}"))
