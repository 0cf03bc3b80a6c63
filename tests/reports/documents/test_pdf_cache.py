"""Each PDF is rendered once per content: a repeat download is served kept bytes; any change to
what decides them (the HTML, a stylesheet, the engine) renders again."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.urls import reverse

from assessments.models import Finding, Review
from reports.documents import pdf_cache
from reports.documents.pdf import WARM_UP, render_pdf
from reports.models import RenderedPDF


@pytest.fixture
def renders(monkeypatch):
    """The renders made through the cache, counted."""
    made = []

    def counted(html, **kwargs):
        made.append(html)
        return render_pdf(html, **kwargs)

    monkeypatch.setattr(pdf_cache, "render_pdf", counted)
    return made


def _draft(client, cast):
    response = client.get(reverse("report_draft_pdf", args=[cast.review.reference]))
    assert response.status_code == 200
    return response.content


def test_a_repeat_download_is_served_the_kept_bytes(cast, drafted, login, renders):
    client = login(cast.lead_peer)
    first = _draft(client, cast)
    assert _draft(client, cast) == first
    assert len(renders) == 1
    kept = RenderedPDF.objects.get(review=cast.review, kind=RenderedPDF.Kind.DRAFT_REPORT)
    assert bytes(kept.pdf) == first
    assert kept.key == pdf_cache.pdf_key(renders[0])


def test_a_change_to_the_report_renders_again_in_place_of_the_old(cast, drafted, login, renders):
    client = login(cast.lead_peer)
    before = _draft(client, cast)
    Finding.objects.filter(review=cast.review).update(text="The SPOC leads very well.")
    after = _draft(client, cast)
    assert after != before
    assert len(renders) == 2
    assert RenderedPDF.objects.filter(review=cast.review).count() == 1  # the newest only
    assert bytes(RenderedPDF.objects.get(review=cast.review).pdf) == after


def test_every_kind_of_document_is_kept_for_its_own_review(cast, drafted, login, renders):
    client = login(cast.review_manager)
    for name in ("report_draft_pdf", "presentation_handout", "timetable_pdf"):
        assert client.get(reverse(name, args=[cast.review.reference])).status_code == 200
    kinds = set(RenderedPDF.objects.filter(review=cast.review).values_list("kind", flat=True))
    assert kinds == {"draft_report", "handout", "timetable"}
    Review.objects.filter(pk=cast.review.pk).delete()  # kept only as long as the review
    assert not RenderedPDF.objects.exists()


def test_the_key_changes_with_a_linked_stylesheet_and_with_the_engine(tmp_path, settings, monkeypatch):
    (tmp_path / "pdf").mkdir()
    stylesheet = tmp_path / "pdf" / "cache-test.css"
    stylesheet.write_text("p { color: black }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    html = '<!DOCTYPE html><link rel="stylesheet" href="/static/pdf/cache-test.css"><p>Text</p>'
    before = pdf_cache.pdf_key(html)
    assert pdf_cache.pdf_key(html) == before
    stylesheet.write_text("p { color: red }")  # another size: read again
    changed = pdf_cache.pdf_key(html)
    assert changed != before
    monkeypatch.setattr(pdf_cache, "engine", lambda: "weasyprint 71")  # an upgrade
    assert pdf_cache.pdf_key(html) != changed


def test_the_engine_names_weasyprint_pango_and_the_fonts():
    engine = pdf_cache.engine()
    assert "weasyprint 70" in engine
    assert "pango 1." in engine
    assert ".ttf" in engine  # the font files PDFs are drawn with


def test_the_engine_names_the_furniture_pass_so_a_change_to_it_renders_again():
    """A PDF kept before the pass that marks headers and footers as artifacts changed (or existed)
    must not be served after it: the pass is part of what decides the bytes."""
    import hashlib as sha
    from pathlib import Path as P

    from reports.documents import pdf_furniture

    engine = pdf_cache.engine()
    assert sha.sha256(P(pdf_furniture.__file__).read_bytes()).hexdigest() in engine


def test_rendering_is_deterministic_so_kept_bytes_are_what_a_render_would_give():
    html = WARM_UP.replace("Prevent peer review", "Déjà vu, twice")
    assert hashlib.sha256(render_pdf(html)).digest() == hashlib.sha256(render_pdf(html)).digest()


def test_the_documents_stylesheets_load_nothing_themselves():
    # The key covers the stylesheets the HTML links; one loading another would escape it. A
    # data: URL (the contents' leader dots) loads nothing: its bytes are the stylesheet's own.
    folder = Path(settings.BASE_DIR) / "static" / "pdf"
    sheets = list(folder.glob("*.css"))
    assert sheets
    for sheet in sheets:
        text = sheet.read_text()
        assert "@import" not in text, sheet.name
        urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
        assert all(url.startswith("data:") for url in urls), (sheet.name, urls)


def test_the_task_worker_warms_the_pdf_engine_and_sets_it_aside_before_it_works(db, monkeypatch, settings):
    from reports.documents import pdf
    from reports.management.commands import db_worker

    assert get_commands()["db_worker"] == "reports"  # ours, in the library's place
    done = []
    monkeypatch.setattr(pdf, "warm_up", lambda: done.append("warm"))
    monkeypatch.setattr(pdf, "freeze_what_is_loaded", lambda: done.append("set aside") or 0)
    monkeypatch.setattr(db_worker.WorkerCommand, "handle", lambda self, *args, **options: done.append("work"))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert done == ["warm", "set aside", "work"]
    from peerreview.operations.models import WorkerHeartbeat

    assert WorkerHeartbeat.objects.exists()  # and beats its heartbeat while it works


def test_the_report_pdf_loads_only_its_print_stylesheets(cast, drafted):
    from reports.documents.pdf import LockedURLFetcher
    from reports.documents.rendering import report_html

    class Recording(LockedURLFetcher):
        def __init__(self):
            super().__init__()
            self.fetched = []

        def fetch(self, url, headers=None):
            self.fetched.append(url)
            return super().fetch(url, headers)

    html = report_html(cast.review)
    assert "report-screen" in html  # the preview's own styles are linked, for screens only
    fetcher = Recording()
    render_pdf(html, fetcher=fetcher)
    loaded = [url for url in fetcher.fetched if not url.startswith("data:")]  # held in a sheet
    names = sorted(url.rsplit("/", 1)[-1].split(".")[0] for url in loaded)
    assert names == ["documents", "report"]
