"""Each PDF rendered once per content: a download of a document whose HTML, stylesheets and
rendering engine are as when it was last rendered is served the bytes kept then.

WeasyPrint's output is deterministic (the same bytes in every process, tested), so the key is a
SHA-256 of what decides them: the engine (WeasyPrint, pydyf and Pango versions, the font files
installed, and the code of the pass that marks the page furniture), each stylesheet the HTML
links (by content) and the HTML itself. The documents' stylesheets load nothing themselves
(tested), so the links in the HTML are all there is.
"""

import functools
import hashlib
import re
from pathlib import Path

import pydyf
import weasyprint
from django.db import IntegrityError, transaction
from weasyprint.text.ffi import pango

from assessments.models import Review
from reports.documents import pdf_furniture
from reports.documents.pdf import render_pdf, static_file
from reports.models import RenderedPDF

STYLESHEET = re.compile(r'<link[^>]+href="/static/([^"?#]+)"')
FONT_FOLDERS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]


@functools.cache
def engine() -> str:
    """What of the rendering engine decides a PDF's bytes, read once per process (an upgrade
    restarts it)."""
    fonts = sorted(
        f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for folder in FONT_FOLDERS
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    )
    return "\n".join(
        [
            f"weasyprint {weasyprint.__version__}",
            f"pydyf {pydyf.__version__}",
            f"pango {_pango()}",
            # A PDF kept before the furniture pass changed would otherwise be served unchanged.
            f"furniture {hashlib.sha256(Path(pdf_furniture.__file__).read_bytes()).hexdigest()}",
            *fonts,
        ]
    )


def _pango() -> str:
    number = pango.pango_version()  # 15012 for 1.50.12
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


@functools.lru_cache(maxsize=64)
def _file_sha256(path: str, size: int, modified: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _stylesheet(name: str) -> str:
    found = static_file(name)
    if not found:
        return f"{name}: missing"  # the render refuses it too; the key still differs from a found one
    stat = Path(found).stat()
    return f"{name}: {_file_sha256(found, stat.st_size, stat.st_mtime_ns)}"


def pdf_key(html: str) -> str:
    """The SHA-256 of everything that decides the PDF ``html`` renders to."""
    digest = hashlib.sha256(engine().encode())
    for name in sorted(set(STYLESHEET.findall(html))):
        digest.update(b"\0" + _stylesheet(name).encode())
    digest.update(b"\0" + html.encode())
    return digest.hexdigest()


def pdf_for(*, review: Review, kind: RenderedPDF.Kind, html: str) -> bytes:
    """The PDF of ``html``: the kept one if its key matches, otherwise rendered now and kept in
    place of the review's last one of this kind."""
    key = pdf_key(html)
    kept = RenderedPDF.objects.filter(review=review, kind=kind, key=key).values_list("pdf", flat=True).first()
    if kept is not None:
        return bytes(kept)
    pdf = render_pdf(html)
    rendered_pdf_keep(review=review, kind=kind, key=key, pdf=pdf)
    return pdf


def rendered_pdf_keep(*, review: Review, kind: RenderedPDF.Kind, key: str, pdf: bytes) -> None:
    """Keeps ``pdf`` as the review's document of ``kind``. Two downloads rendering at once both
    store; the second's bytes replace the first's (from the same content, or newer)."""
    kept = RenderedPDF(review=review, kind=kind, key=key, pdf=pdf)
    kept.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            RenderedPDF.objects.update_or_create(review=review, kind=kind, defaults={"key": key, "pdf": pdf})
    except IntegrityError:  # the other download created it between our look and our write
        RenderedPDF.objects.filter(review=review, kind=kind).update(key=key, pdf=pdf)
