import pytest

from reports.documents.pdf import STATIC_PREFIX, LockedURLFetcher, RefusedURL, render_pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/logo.png",
        "https://example.org/style.css",
        f"{STATIC_PREFIX}../../peerreview/settings.py",
        f"{STATIC_PREFIX}%2e%2e/%2e%2e/manage.py",
        f"{STATIC_PREFIX}/etc/passwd",
        f"{STATIC_PREFIX}pdf/no-such-file.css",
        "https://peer-review.invalid/admin/",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_data(url):
    fetcher = LockedURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_static_files_and_data_uris():
    fetcher = LockedURLFetcher()
    assert b"@page" in fetcher.fetch(f"{STATIC_PREFIX}pdf/documents.css").read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


def test_a_document_that_links_out_renders_without_fetching(tmp_path):
    fetcher = LockedURLFetcher()
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="http://example.org/x.css">'
        '<link rel="attachment" href="file:///etc/hostname"></head>'
        '<body><img src="file:///etc/passwd" alt=""><p>Text</p></body></html>'
    )
    pdf = render_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert sorted(fetcher.refused) == [
        "file:///etc/hostname",
        "file:///etc/passwd",
        "http://example.org/x.css",
    ]


def test_a_pdf_without_a_structure_tree_is_left_as_it_is():
    from weasyprint import HTML

    from reports.documents.pdf_furniture import furniture_as_artifacts

    untagged = HTML(string="<p>Plain</p>").write_pdf()
    assert HTML(string="<p>Plain</p>").write_pdf(finisher=furniture_as_artifacts) == untagged
