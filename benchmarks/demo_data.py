"""The data the page and load benchmarks run on: the demo reviews, and a synthetic programme
of more reviews, each for an invented council of its own, generated as exchange documents and
loaded by the import command as an administrator would."""

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from assessments import demo
from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read
from assessments.lifecycle.stages import review_close
from assessments.models import Finding, FindingKind, Review, SharingConsent
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


def share_good_practice() -> None:
    """Every council shares its published good practice, as the library is there for: without
    it the library page lists nothing at any size, and its growth goes unmeasured."""
    published = Finding.objects.filter(kind=FindingKind.GOOD_PRACTICE, published__isnull=False)
    unshared = published.filter(sharing_consent__isnull=True).distinct()
    SharingConsent.objects.bulk_create(SharingConsent(finding=finding) for finding in unshared)


def council_document(text: str, number: int) -> str:
    """A demo review's exchange document made over for invented council ``number``: its own name,
    reference, people and answers (each answer says whose it is, so no two councils' text is the
    same); the review team stays the demo's, so the team's and the manager's lists grow."""
    renamed = text.replace("ardlarich", f"ardlarich{number}").replace("Ardlarich", f"Ardlarich{number}")
    document = json.loads(renamed)
    for response in document["review"]["self_assessment"]["responses"]:
        if response.get("narrative"):
            response["narrative"] += f" (Council {number}.)"
    return json.dumps(document)


# Importing a published review queues its PDF's render; the copies' reports are never opened,
# so their renders (a second each) are left queued, as in production before the worker runs.
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FOLLOW_UP = "ardlarich-2025.json"  # the demo review in follow-up, which can be closed


def add_copies(count: int, *, first: int = 1, history: bool = False) -> None:
    """``count`` more councils (numbered from ``first``), two reviews each, written as exchange
    documents and loaded by ``manage.py import_review``: a copy of each demo review, open; or,
    with ``history``, two finished reviews (the follow-up one, on-site in 2025 and six years
    before), closed, as most of a long-running programme's reviews are."""
    folder = tempfile.TemporaryDirectory(prefix="peerreview-bench-")
    manager = User.objects.get(email=MANAGER)
    with folder, override_settings(TASKS=QUEUE_ONLY):
        for number in range(first, first + count):
            text = (demo.DEMO_DIR / FOLLOW_UP).read_text(encoding="utf-8")
            documents = (
                [(FOLLOW_UP, text), ("earlier.json", text.replace("2025", "2019"))]
                if history
                else [(name, (demo.DEMO_DIR / name).read_text(encoding="utf-8")) for name in demo.DOCUMENTS]
            )
            for name, source in documents:
                path = Path(folder.name) / f"{number}-{name}"
                path.write_text(council_document(source, number))
                call_command("import_review", str(path), stdout=io.StringIO())
            if history:
                for review in Review.objects.filter(host__name=f"Ardlarich{number} Council"):
                    review_close(review=review, by=manager, reason="Follow-up support has ended.")
            else:
                demo.follow_ups_link(
                    lambda reference, n=number: reference.replace("ardlarich", f"ardlarich{n}")
                )
