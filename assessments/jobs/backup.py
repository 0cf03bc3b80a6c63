"""Backups of the whole service, and restoring one into an empty database.

A backup directory holds:

- ``reviews/<reference>.json``: every review in the exchange format, readable by people and
  other systems (``docs/exchange.md``);
- ``data.xml``: every row the exchange format leaves out as well (accounts, authenticator apps,
  interview notes, comments, report versions with their PDFs, progress logs, the audit log), as
  Django's own serialisation, which is what a restore loads (XML, because Django's JSON
  serialiser keeps times only to the millisecond);
- ``files/``: every evidence file under its stored name;
- ``SHA256SUMS``: the SHA-256 of each of those files, in the format ``sha256sum --check`` reads.

Sessions, sign-in throttling records and content types are not kept: they belong to the running
service, not to the reviews.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from assessments.exchange import export_review
from assessments.files.storage import private_storage
from assessments.models import EvidenceFile, Review
from assessments.models.framework import Aspect, DeliveryArea, Framework, RatingLevel
from peerreview.accounts.models import User
from peerreview.audit.context import as_one_event
from peerreview.audit.record import record

MANIFEST = "SHA256SUMS"
# JSON lines with every value exactly as stored (peerreview.exact_jsonl). Backups written before
# were XML, whose Django deserializer strips each value's leading and trailing white space.
DATA = "data.jsonl"
OLD_DATA = "data.xml"
# What a restore loads, in an order that lets each row find the rows it points to.
# Everything but the mail queue (transient) and the task queue: notifications are what people
# were told, so they are kept.
KEPT = ["accounts", "otp_totp", "assessments", "audit", "inbox", "admin.logentry"]
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in words."""


@dataclass(frozen=True)
class Summary:
    reviews: int
    files: int
    users: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_write(directory: Path) -> Summary:
    """Writes a backup into ``directory``, which must be new or empty."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: back up into a new or empty directory.")
    (directory / "reviews").mkdir(parents=True, exist_ok=True)
    (directory / "files").mkdir(exist_ok=True)

    # One read-consistent moment on databases that give it, so that data and files agree.
    with transaction.atomic():
        reviews = list(Review.objects.select_related("host", "framework").order_by("reference"))
        for review in reviews:
            text = json.dumps(export_review(review), indent=2, ensure_ascii=False) + "\n"
            (directory / "reviews" / f"{review.reference}.json").write_text(text, encoding="utf-8")
        call_command(
            "dumpdata",
            *KEPT,
            format="jsonl-exact",
            natural_foreign=True,
            output=str(directory / DATA),
            verbosity=0,
        )
        storage = private_storage()
        names = list(EvidenceFile.objects.order_by("stored_name").values_list("stored_name", flat=True))
        for name in names:
            target = directory / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
        users = User.objects.count()

    sums = [f"{_sha256(path)}  {path.relative_to(directory).as_posix()}" for path in _contents(directory)]
    (directory / MANIFEST).write_text("\n".join(sums) + "\n", encoding="utf-8")
    return Summary(reviews=len(reviews), files=len(names), users=users)


def _contents(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file() and path.name != MANIFEST)


def backup_check(directory: Path) -> dict[str, str]:
    """Checks every file against the manifest; returns it as ``{relative path: sha256}``."""
    directory = Path(directory)
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise BackupError(f"{directory} has no {MANIFEST}: it is not a backup this service wrote.")
    sums = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        digest, separator, name = line.partition("  ")
        if (
            not separator
            or len(digest) != 64
            or not name
            or ".." in Path(name).parts
            or Path(name).is_absolute()
        ):
            raise BackupError(f"{MANIFEST} line {number} is not a SHA-256 sum and a file name.")
        sums[name] = digest
    present = {path.relative_to(directory).as_posix() for path in _contents(directory)}
    problems = [f"{name}: missing" for name in sorted(sums.keys() - present)]
    problems += [f"{name}: not in {MANIFEST}" for name in sorted(present - sums.keys())]
    problems += [
        f"{name}: its SHA-256 does not match {MANIFEST}"
        for name in sorted(sums.keys() & present)
        if _sha256(directory / name) != sums[name]
    ]
    if DATA not in sums and OLD_DATA not in sums:
        problems.append(f"{DATA}: missing")
    if problems:
        raise BackupError("The backup is damaged, so nothing was restored:\n" + "\n".join(problems))
    return sums


def backup_restore(directory: Path) -> Summary:
    """Loads a checked backup into a database with no reviews and no users, files included."""
    directory = Path(directory)
    sums = backup_check(directory)
    if Review.objects.exists() or User.objects.exists():
        raise BackupError("The database already has reviews or users: restore only into an empty database.")
    storage = private_storage()
    names = [name.removeprefix("files/") for name in sums if name.startswith("files/")]
    clashes = [name for name in names if storage.exists(name)]
    if clashes:
        raise BackupError(f"Evidence storage already holds {clashes[0]}: restore into empty storage.")

    copied = []
    try:
        with transaction.atomic(), as_one_event():
            _framework_clear()
            _load(directory / (DATA if DATA in sums else OLD_DATA))
            for name in names:
                with (directory / "files" / name).open("rb") as source:
                    copied.append(storage.save(name, source))
                if copied[-1] != name:
                    raise BackupError(f"Evidence storage would not keep files/{name} under its own name.")
            restored = Summary(reviews=Review.objects.count(), files=len(names), users=User.objects.count())
            _compare_reviews(directory)
            record(
                kind="restore",
                summary=f"{restored.reviews} reviews, {restored.files} files, {restored.users} users",
            )
    except Exception:
        for name in copied:
            storage.delete(name)
        raise
    return restored


def _framework_clear() -> None:
    """The framework the migrations loaded gives way to the backup's own rows (which may carry a
    manager's changes). Aspects protect their delivery area, so they go first."""
    for model in (Aspect, RatingLevel, DeliveryArea, Framework):
        model.objects.all().delete()


def _load(data: Path) -> None:
    try:
        call_command("loaddata", str(data), verbosity=0)
    except (DeserializationError, DatabaseError, ValueError, LookupError) as error:
        # A row the database will not take: say which, in words, rather than a traceback.
        raise BackupError(
            f"{data.name} could not be loaded, so nothing was restored: {str(error).splitlines()[0]}"
        ) from None


def _compare_reviews(directory: Path) -> None:
    """Each restored review must export exactly as the backup's exchange document says."""
    for path in sorted((directory / "reviews").glob("*.json")):
        review = Review.objects.select_related("host", "framework").filter(reference=path.stem).first()
        kept = json.loads(path.read_text(encoding="utf-8"))
        if review is None or export_review(review) != kept:
            raise BackupError(f"reviews/{path.name} does not match the review restored from {DATA}.")
