"""Checks on uploaded evidence files, from their content rather than their names alone."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from peerreview.archives import ArchiveRefused, measure
from peerreview.uploads import shown_name

# Extension -> (content type we record and serve, what filetype must detect; None for text)
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odt"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpg"),
    ".jpeg": ("image/jpeg", "jpg"),
}
ALLOWED_LIST = "PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV, PNG or JPEG"
# Office documents are ZIP archives. One that unpacks to far more than it weighs (a "zip bomb")
# would exhaust whatever opens it: the team's machines, or a later preview or search.
PACKED = {".docx", ".xlsx", ".pptx", ".odt", ".ods"}
MAX_ENTRIES = 2000
MAX_RATIO = 100  # unpacked bytes per packed byte, for the whole document


def max_unpacked_bytes() -> int:
    return 2 * settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


_TEXT_CONTROLS = set(range(32)) - {9, 10, 13}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def name_fault(name: str) -> str | None:
    """Why a file name is refused, or None. Names are shown to people, never used as paths."""
    if "/" in name or "\\" in name or name in {".", ".."}:
        return f"The file name “{name}” contains folder names. Rename the file and try again"
    if any(not char.isprintable() for char in name):
        return (
            f"The file name “{shown_name(name)}” contains control characters. Rename the file and try again"
        )
    if len(name) > 200:
        return f"The file name “{name[:40]}…” is too long. Use a name of 200 characters or fewer"
    return None


def check_file(uploaded) -> CheckedFile:
    """Checks one uploaded file; raises ``ValidationError`` with a message naming it."""
    name = uploaded.name or ""
    if fault := name_fault(name):
        raise ValidationError(fault)
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(f"“{name}” must be a {ALLOWED_LIST} file")
    limit = settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size == 0:
        raise ValidationError(f"“{name}” is empty")
    if uploaded.size > limit:
        raise ValidationError(f"“{name}” must be smaller than {settings.EVIDENCE_MAX_UPLOAD_MB} MB")
    content_type, expected = ALLOWED[extension]
    uploaded.seek(0)
    head = uploaded.read(8192)
    if expected is None:
        if not _looks_like_text(uploaded):
            raise ValidationError(f"“{name}” is not a plain text file: its content does not match its name")
    elif filetype.guess_extension(head) != expected:
        raise ValidationError(
            f"“{name}” is not a {extension[1:].upper()} file: its content does not match its name"
        )
    if extension in PACKED:
        _check_unpacked(uploaded, name)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(name=name, content_type=content_type, size=uploaded.size, sha256=digest.hexdigest())


def _check_unpacked(uploaded, name: str) -> None:
    """Refuses an office document with too many parts, or that unpacks too large: counted by
    unpacking it (``peerreview.archives``), never from the sizes its headers declare."""
    limit = min(max_unpacked_bytes(), MAX_RATIO * uploaded.size)
    try:
        measure(uploaded, limit=limit, max_parts=MAX_ENTRIES)
    except ArchiveRefused as refused:
        if refused.damaged:
            raise ValidationError(f"“{name}” is damaged: it cannot be opened as a document") from None
        size = f"more than {limit // (1024 * 1024)} MB" if refused.unpacked else "too much"
        raise ValidationError(
            f"“{name}” unpacks to far more than its size ({size} in {refused.parts} parts), so it "
            "is not accepted. Save it again from its program, or as a PDF"
        ) from None


def _looks_like_text(uploaded) -> bool:
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        if any(byte in _TEXT_CONTROLS for byte in chunk):
            return False
    uploaded.seek(0)
    data = uploaded.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
