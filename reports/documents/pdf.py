"""The one way the service makes a PDF: WeasyPrint with a locked-down URL fetcher.

A document may load only data: URIs and the application's own static files. Nothing from the
file system, no http(s), no redirects: whatever text a user wrote, rendering it cannot reach
anything else.
"""

import hashlib
import mimetypes
import time
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from peerreview.operations.memory import freeze_what_is_loaded
from peerreview.operations.metrics import PDF_RENDER_SECONDS, PDF_RENDERS
from reports.documents.pdf_furniture import furniture_as_artifacts

# Templates link to "/static/...", which resolves against this made-up origin and is then
# served from the static files on disk. The origin is never contacted.
ORIGIN = "https://peer-review.invalid"
STATIC_PREFIX = f"{ORIGIN}/static/"


class RefusedURL(ValueError):
    pass


class LockedURLFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith(STATIC_PREFIX):
            return self._static(url)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        return self._refuse(url)

    def _static(self, url: str) -> URLFetcherResponse:
        path = unquote(url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0])
        if not path or ".." in path.split("/") or path.startswith("/"):
            return self._refuse(url)
        found = static_file(path)
        if not found:
            return self._refuse(url)
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": content_type})

    def _refuse(self, url: str) -> NoReturn:
        self.refused.append(url)
        raise RefusedURL(f"The PDF may not load {url[:200]}")


def static_file(path: str) -> str | None:
    """The file on disk of a static path: the app's own, or a collected one (hashed names)."""
    found = finders.find(path)
    return str(found) if found else _collected(path)


def _collected(path: str) -> str | None:
    """A collected static file, such as the hashed names that production's manifest uses."""
    try:
        candidate = Path(staticfiles_storage.path(path))
    except (NotImplementedError, ImproperlyConfigured):  # storage without a local folder, or none set
        return None
    return str(candidate) if candidate.is_file() else None


def render_pdf(html: str, *, fetcher: LockedURLFetcher | None = None) -> bytes:
    """Renders ``html`` (a complete document from a template) as a tagged PDF (PDF/UA-1), its
    page furniture marked as artifacts (``pdf_furniture``)."""
    fetcher = fetcher or LockedURLFetcher()
    with PDF_RENDER_SECONDS.time():
        pdf: bytes = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1", finisher=furniture_as_artifacts
        )
    PDF_RENDERS.inc()
    return pdf


WARM_UP = "<!DOCTYPE html><html lang=en><title>Warm-up</title><p>Prevent peer review</p>"


def warm_up() -> None:
    """Renders a tiny document, so that a process's first real render costs what later ones do:
    WeasyPrint loads Pango, fontconfig's font list and its own stylesheets on first use (about a
    second)."""
    render_pdf(WARM_UP)


def ready_to_serve() -> tuple[float, int]:
    """What a long-running process (a gunicorn worker, the task worker) does before its first
    request or task: warms the PDF engine, then sets all it has loaded aside from full garbage
    collections (``peerreview.operations.memory``), in that order, so that what the warm-up
    loads is set aside too. Returns the warm-up's seconds and how many objects were set aside."""
    started = time.perf_counter()
    warm_up()
    warmed = time.perf_counter() - started
    return warmed, freeze_what_is_loaded()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 Not Modified, if the request says it holds the document whose hash is ``etag``
    already (``If-None-Match``); None otherwise. Still never stored."""
    tag = quote_etag(etag)
    response = get_conditional_response(request, etag=tag)
    if response is not None:
        response["ETag"] = tag
        response["Cache-Control"] = "no-store"
    return response


def document_response(
    request: HttpRequest, data: bytes, filename: str, content_type: str = "application/pdf", *, etag: str = ""
) -> HttpResponse:
    """A document download (a PDF unless ``content_type`` says otherwise): an attachment, never
    sniffed, never stored by browsers or proxies (the data is protectively marked), with an
    ``ETag`` (the stored hash of its bytes, or one made now): a client that holds these bytes
    already and asks again with ``If-None-Match`` is answered 304 Not Modified, without them."""
    etag = etag or hashlib.sha256(data).hexdigest()
    unchanged = not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = quote_etag(etag)
    response["Cache-Control"] = "no-store"
    return response
