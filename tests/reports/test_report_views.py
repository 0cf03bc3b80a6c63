import datetime
import hashlib

import time_machine
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Finding, Report, ReportComment, ReportStatus, ReportVersion
from reports.publishing.steps import report_check_finish


def _url(name, cast, *args):
    return reverse(name, args=[cast.review.reference, *args])


def _move(client, cast, move):
    if move == "publish":  # publishing has a confirmation page of its own
        if Report.objects.filter(review=cast.review, status=ReportStatus.FACTUAL_ACCURACY).exists():
            report_check_finish(review=cast.review, by=cast.spoc)  # the council has finished its check
        return client.post(_url("report_publish", cast))
    return client.post(_url("report_status", cast), {"move": move})


def test_the_report_page_is_for_everyone_on_the_review(cast, drafted, check_access):
    response = check_access(_url("report", cast), outsider=cast.other_spoc, allowed=cast.senior)
    assert "The report has not been published yet." in response.text
    assert "Read the draft" not in response.text


def test_the_draft_is_for_the_team_then_the_spoc_during_factual_accuracy(cast, drafted, login, check_access):
    preview = _url("report_preview", cast)
    check_access(preview, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    check_access(
        _url("report_draft_pdf", cast),
        outsider=cast.peer_elsewhere,
        forbidden=cast.senior,
        allowed=cast.lead_peer,
    )
    assert _move(login(cast.review_manager), cast, "send").status_code == 302
    assert Report.objects.get().status == ReportStatus.FACTUAL_ACCURACY
    assert "The SPOC leads well." in login(cast.spoc).get(preview).text
    assert login(cast.deputy).get(preview).status_code == 200
    assert login(cast.senior).get(preview).status_code == 403


def test_status_moves_are_for_review_managers(cast, drafted, check_access):
    check_access(
        _url("report_status", cast),
        method="post",
        data={"move": "send"},
        outsider=cast.other_spoc,
        forbidden=cast.lead_peer,
        allowed=cast.review_manager,
        allowed_status=302,
    )


def test_the_spoc_comments_and_the_team_resolves_before_publishing(cast, drafted, login):
    _move(login(cast.review_manager), cast, "send")
    spoc = login(cast.spoc)
    response = spoc.post(
        _url("report", cast), {"section": "review_process", "text": "The SPOC's title is wrong."}
    )
    assert response.status_code == 302
    comment = ReportComment.objects.get()
    assert (comment.section, comment.author) == ("review_process", cast.spoc)
    assert "Choose the section your comment is about" in spoc.post(_url("report", cast), {"text": "x"}).text
    # Publishing waits for every comment to be resolved.
    manager = login(cast.review_manager)
    response = manager.post(_url("report_publish", cast), follow=True)
    assert "Resolve the open factual-accuracy comments first (1 still open)" in response.text
    assert not ReportVersion.objects.exists()
    assert (
        login(cast.spoc).post(_url("comment_resolve", cast, comment.pk), {"resolution": "x"}).status_code
        == 403
    )
    login(cast.lead_peer).post(
        _url("comment_resolve", cast, comment.pk), {"resolution": "Corrected in section 3."}
    )
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by) == ("Corrected in section 3.", cast.lead_peer)
    assert _move(login(cast.review_manager), cast, "publish").status_code == 302
    assert ReportVersion.objects.get().number == 1


def test_comments_are_taken_only_during_factual_accuracy(cast, drafted, login):
    assert (
        login(cast.spoc).post(_url("report", cast), {"section": "findings", "text": "x"}).status_code == 403
    )
    assert (
        login(cast.senior).post(_url("report", cast), {"section": "findings", "text": "x"}).status_code == 403
    )


def test_publishing_stores_bytes_that_downloads_serve_unchanged(cast, drafted, login, check_access):
    manager = login(cast.review_manager)
    _move(manager, cast, "send")
    _move(manager, cast, "publish")
    version = ReportVersion.objects.get()
    assert version.sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert (version.published_by, Report.objects.get().status) == (
        cast.review_manager,
        ReportStatus.PUBLISHED,
    )
    response = check_access(_url("report_version", cast, 1), outsider=cast.other_spoc, allowed=cast.senior)
    assert response.content == bytes(version.pdf)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    # A new draft: the team changes a finding; the published bytes do not move, and publishing
    # again (by the same road) adds version 2.
    _move(login(cast.review_manager), cast, "new_version")
    Finding.objects.update(text="A changed finding.")
    assert login(cast.senior).get(_url("report_version", cast, 1)).content == bytes(version.pdf)
    first_published = Report.objects.get().published_on
    with time_machine.travel(datetime.date.today() + datetime.timedelta(days=30)):
        _move(login(cast.review_manager), cast, "send")
        _move(login(cast.review_manager), cast, "publish")
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert Report.objects.get().published_on == first_published  # "first published" stays true
    page = login(cast.senior).get(_url("report", cast)).text
    assert "Version 1 (PDF)" in page
    assert "Version 2 (PDF)" in page
    assert login(cast.senior).get(_url("report_version", cast, 3)).status_code == 404


def test_a_report_without_findings_cannot_be_published_or_sent(cast, drafted, login):
    Finding.objects.all().delete()
    response = login(cast.review_manager).post(_url("report_publish", cast), follow=True)
    assert "The team has not yet recorded any findings." in response.text
    assert not ReportVersion.objects.exists()
    response = login(cast.review_manager).post(_url("report_status", cast), {"move": "send"}, follow=True)
    assert "Record at least one finding before sending the draft to the council" in response.text


def test_the_team_writes_the_report_text(cast, drafted, login, check_access):
    url = _url("report_text", cast)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    data = {
        "context": "the tenth such review held in Scotland",
        "executive_summary": "First paragraph.\n\nSecond\nparagraph.",
        "key_findings": "One.\n\nTwo.",
        "acknowledgements": "",
        "version": drafted.version,
    }
    assert login(cast.peer).post(url, data).status_code == 302
    report = Report.objects.get()
    assert report.executive_summary == ["First paragraph.", "Second paragraph."]
    assert (report.key_findings, report.acknowledgements) == (["One.", "Two."], None)
    stale = login(cast.lead_peer).post(url, {**data, "context": "mine"})
    assert "after you opened it" in stale.text
    stored = stale.text.split('class="app-conflict"')[1].split("<form")[0]
    assert "the tenth such review held in Scotland" in stored  # shown, not "reload the page"
    assert "Reload" not in stale.text
    assert Report.objects.get().context == "the tenth such review held in Scotland"


def test_render_report_writes_the_draft_and_a_published_version(cast, drafted, tmp_path, login):
    out, html = tmp_path / "draft.pdf", tmp_path / "draft.html"
    call_command("render_report", cast.review.reference, "--output", str(out), "--html", str(html))
    assert out.read_bytes().startswith(b"%PDF")
    assert "The SPOC leads well." in html.read_text()
    _move(login(cast.review_manager), cast, "send")
    _move(login(cast.review_manager), cast, "publish")
    call_command("render_report", cast.review.reference, "--output", str(out), "--published", "1")
    assert out.read_bytes() == bytes(ReportVersion.objects.get().pdf)


def test_the_preview_shows_the_disclaimer_as_a_footnote(cast, drafted, login):
    """Issue 14, item 10: on screen, as in the PDF, the disclaimer is a numbered footnote, and the
    sentence it hangs from ends with its full stop, not a stray line."""
    page = login(cast.peer).get(_url("report_preview", cast)).text
    assert 'Prevent Duty<sup class="footnote-ref"><a href="#footnote-1"' in page
    assert "</a></sup>.</p>" in page
    assert page.count("<strong>Disclaimer:</strong>") == 1
    footnotes = page[page.index('<aside class="footnotes"') :]
    assert '<li id="footnote-1"><strong>Disclaimer:</strong>' in footnotes
    assert '<span class="footnote">' not in page  # the PDF's float, not used on screen


def test_the_report_and_its_form_spell_acknowledgements_the_british_way(cast, drafted, login):
    """Issue 14, item 9."""
    assert "Acknowledgements (optional)" in login(cast.peer).get(_url("report_text", cast)).text
    preview = login(cast.peer).get(_url("report_preview", cast)).text
    assert '<h3 id="acknowledgements">Acknowledgements</h3>' in preview
    assert "Acknowledgments" not in preview
