"""Reading a tagged PDF as an assistive technology does (with pikepdf): what the structure tree
reaches, what each page marks, and what the parent tree maps back; and checking it against the
machine-checkable PDF/UA rules (``pdfua``)."""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf


def marked_in_tree(element: object, page: pikepdf.Object | None) -> Iterator[tuple[int, int]]:
    """``(page object number, MCID)`` for each marked-content sequence the structure tree reaches
    from ``element``: each element's ``/K``, down to MCIDs, on the page its nearest ``/Pg`` says."""
    if isinstance(element, pikepdf.Array):
        for child in element:
            yield from marked_in_tree(child, page)
    elif isinstance(element, int) and page is not None:
        yield page.objgen[0], int(element)
    elif isinstance(element, pikepdf.Dictionary):
        page = element.get("/Pg", page)
        if "/MCID" in element:  # a marked-content reference
            if page is not None:
                yield page.objgen[0], int(element.MCID)
        elif "/K" in element:
            yield from marked_in_tree(element.K, page)


@dataclass
class TaggedPage:
    artifacts: int  # sequences begun as /Artifact that show text: the page furniture
    decorations: int  # sequences begun as /Artifact that show none: backgrounds (no text to skip)
    tagged: set[int]  # the MCIDs of the page's tagged sequences
    reached: set[int]  # of those, the ones the structure tree reaches
    mapped: set[int]  # the MCIDs the parent tree maps to an element
    unmapped: int  # parent-tree entries that are null


TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _sequences(page: pikepdf.Page) -> tuple[int, int, set[int]]:
    """A page's artifacts that show text, those that show none, and the MCIDs of its tagged
    sequences, read through its content stream's marked-content nesting."""
    artifacts, decorations, tagged = 0, 0, set()
    open_sequences: list[list[bool]] = []  # for each sequence open: [is an artifact, shows text]
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in {"BMC", "BDC"}:
            open_sequences.append([str(operands[0]) == "/Artifact", False])
            if name == "BDC" and "/MCID" in operands[1]:
                tagged.add(int(operands[1].MCID))
        elif name == "EMC" and open_sequences:
            is_artifact, shows_text = open_sequences.pop()
            artifacts += is_artifact and shows_text
            decorations += is_artifact and not shows_text
        elif name in TEXT_SHOWING:
            for sequence in reversed(open_sequences):
                if sequence[0]:  # the text belongs to the innermost artifact around it
                    sequence[1] = True
                    break
    return artifacts, decorations, tagged


def tagged_pages(pdf: bytes) -> list[TaggedPage]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        reached: dict[int, set[int]] = {}
        for page, mcid in marked_in_tree(root.K, None):
            reached.setdefault(page, set()).add(mcid)
        parents = pikepdf.NumberTree(root.ParentTree)
        pages = []
        for page in document.pages:
            artifacts, decorations, tagged = _sequences(page)
            entries = parents[int(page.obj.StructParents)]
            mapped = {mcid for mcid, element in enumerate(entries) if element is not None}
            pages.append(
                TaggedPage(
                    artifacts,
                    decorations,
                    tagged,
                    reached.get(page.obj.objgen[0], set()),
                    mapped,
                    len(entries) - len(mapped),
                )
            )
        return pages


def assert_meets_pdf_ua(pdf: bytes, folder: Path) -> None:
    """Fails with ``pdfua``'s findings unless ``pdf`` keeps the machine-checkable PDF/UA-1 rules
    (it reads a file, written in ``folder``)."""
    import pdfua

    path = folder / "checked.pdf"
    path.write_bytes(pdf)
    report = pdfua.validate(str(path))
    assert report.exit_code == 0, [finding.to_dict() for finding in report.findings]
