"""Running headers and footers as artifacts, as PDF/UA asks: a screen reader skips them rather
than reading "OFFICIAL" and "Page N of M" on every page.

WeasyPrint tags the text of page margin boxes as marked content but, since PDF 1.7 has no place
for them in the structure tree, leaves them out of it: content that is neither part of the
document's structure nor marked as an artifact. ``furniture_as_artifacts`` marks every such
sequence an ``/Artifact`` and takes it out of the parent tree; the structure tree itself is
untouched.

It is a WeasyPrint *finisher*: it works on the PDF's objects (``pydyf``) after tagging and before
they are written, so the PDF is written once. Reading the written PDF back, rewriting each page and
writing it again cost about a tenth of a report's render.
"""

from collections.abc import Iterable
from typing import Any

import pydyf

NULL = b"null"  # a PDF null: pydyf writes bytes as they are


def _number(reference: bytes) -> int:
    """The object number of a reference such as ``b"12 0 R"``."""
    return int(reference.split()[0])


def _reached(pdf: pydyf.PDF, root: pydyf.Dictionary) -> set[int]:
    """The object numbers of every structure element the tree reaches from its root."""
    reached: set[int] = set()
    waiting = [root]
    while waiting:
        kids = waiting.pop().get("K", ())
        for kid in kids if isinstance(kids, list) else [kids]:
            if not (isinstance(kid, bytes) and kid.endswith(b" R")):
                continue  # an MCID: marked content, not an object
            if (number := _number(kid)) not in reached:
                reached.add(number)
                if isinstance(found := pdf.objects[number], dict):
                    waiting.append(found)
    return reached


def _as_artifacts(tokens: list[Any], orphans: set[int]) -> list[Any]:
    """A page's content stream (pydyf's list of tokens) with each marked-content sequence whose
    MCID is in ``orphans`` begun as an artifact: ``/Tag <</MCID n>> BDC`` becomes
    ``/Artifact BMC`` (its ``EMC`` ends either)."""
    rewritten: list[Any] = []
    for token in tokens:
        properties = rewritten[-1] if rewritten else None
        if token == b"BDC" and isinstance(properties, dict) and properties.get("MCID") in orphans:
            rewritten[-2:] = ["/Artifact", b"BMC"]
        else:
            rewritten.append(token)
    return rewritten


def _pages(pdf: pydyf.PDF) -> Iterable[tuple[int, pydyf.Dictionary]]:
    """``(index, page dictionary)`` for each page, in order."""
    for index, number in enumerate(pdf.pages["Kids"][::3]):
        yield index, pdf.objects[number]


def furniture_as_artifacts(document: object, pdf: pydyf.PDF) -> None:
    """Marks the untagged marked content (the page furniture) of ``pdf`` as artifacts: a
    finisher for ``write_pdf``. A PDF without a structure tree is left as it is."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    reached = _reached(pdf, root)
    # The parent tree: for each page's index, its elements by MCID (WeasyPrint numbers a page's
    # sequences from 0, each once), then one entry for each annotation.
    numbers = pdf.objects[_number(root["ParentTree"])]["Nums"]
    by_page = dict(zip(numbers[::2], numbers[1::2], strict=True))
    for index, page in _pages(pdf):
        elements = by_page.get(index, [])
        orphans = {mcid for mcid, element in enumerate(elements) if _number(element) not in reached}
        if not orphans:
            continue
        content = pdf.objects[_number(page["Contents"])]
        content.stream = _as_artifacts(content.stream, orphans)
        for mcid in orphans:
            elements[mcid] = NULL
