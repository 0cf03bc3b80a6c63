"""The report's fixed text reads as the published report does, word for word (issue 30): the
Midlothian report rebuilt from its exchange document, against the published text."""

import re

import lxml.html
import pytest

from assessments.exchange import import_review
from reports.documents.rendering import report_html
from tests.shared import REFERENCE_REPORT, example_document, shared_file


def _words(text: str) -> list[str]:
    """The words, as a reader meets them: no markup, bullets, dashes, footnote marks or case."""
    text = text.replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9']+", text.lower())


def _published_section(start: str, end: str) -> str:
    text = shared_file(REFERENCE_REPORT).read_text(encoding="utf-8")
    body = text[text.index("1. Executive Summary") :]  # past the contents, which name it too
    section = body[body.index(start) : body.index(end, body.index(start))]
    # The disclaimer is the section's footnote, printed at the foot of its page.
    return "\n".join(line for line in section.splitlines() if "Disclaimer:" not in line)


@pytest.mark.django_db
def test_the_background_reads_word_for_word_as_published():
    review = import_review(example_document())
    page = lxml.html.fromstring(report_html(review, preview=True, back_url="/"))
    (section,) = page.xpath("//section[@id='background']")
    # The footnote and its mark, which the published text prints at the foot of the page.
    for footnote in section.xpath(".//aside | .//sup"):
        footnote.drop_tree()
    ours = _words(section.text_content())
    published = _words(_published_section("2. Prevent Peer Reviews", "3. Review Process"))
    assert ours == published
