"""Running headers and footers as artifacts, as PDF/UA asks: a screen reader skips them rather
than reading "OFFICIAL" and "Page N of M" on every page.

WeasyPrint tags the text of page margin boxes as marked content but, since PDF 1.7 has no place
for them in the structure tree, leaves them out of it: content that is neither part of the
document's structure nor marked as an artifact. This marks every such sequence an ``/Artifact``
(``pikepdf``, on the PDF WeasyPrint wrote) and takes it out of the parent tree; the structure
tree itself is untouched.
"""

import io
from collections.abc import Iterator

import pikepdf


def _marked_in_tree(element: pikepdf.Object, page: pikepdf.Object | None) -> Iterator[tuple[int, int]]:
    """``(page object number, MCID)`` for each marked-content sequence the tree reaches."""
    if isinstance(element, pikepdf.Array):
        for child in element:
            yield from _marked_in_tree(child, page)
        return
    if isinstance(element, int) and page is not None:
        yield page.objgen[0], int(element)
        return
    if not isinstance(element, pikepdf.Dictionary):
        return
    page = element.get("/Pg", page)
    if "/MCID" in element:  # a marked-content reference
        if page is not None:
            yield page.objgen[0], int(element.MCID)
    elif "/K" in element:
        yield from _marked_in_tree(element.K, page)


def _mcid(instruction: pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage) -> int | None:
    """The MCID a ``BDC`` operator begins, if it is one."""
    if not isinstance(instruction, pikepdf.ContentStreamInstruction) or str(instruction.operator) != "BDC":
        return None
    properties = instruction.operands[1]
    return (
        int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None
    )


def _as_artifacts(document: pikepdf.Pdf, page: pikepdf.Page, reached: set[int]) -> list[int]:
    """Rewrites the page's marked content outside the tree as artifacts; returns their MCIDs."""
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    orphans: list[int] = []
    for instruction in pikepdf.parse_content_stream(page):
        mcid = _mcid(instruction)
        if mcid is not None and mcid not in reached:
            orphans.append(mcid)
            instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
        instructions.append(instruction)
    if orphans:
        page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
    return orphans


def furniture_as_artifacts(pdf: bytes) -> bytes:
    """``pdf`` with its untagged marked content (the page furniture) marked as artifacts. A PDF
    without a structure tree is returned as it is."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is None:
            return pdf
        reached: dict[int, set[int]] = {}
        for page_number, mcid in _marked_in_tree(tree.K, None):
            reached.setdefault(page_number, set()).add(mcid)
        parents = pikepdf.NumberTree(tree.ParentTree)
        for page in document.pages:
            orphans = _as_artifacts(document, page, reached.get(page.obj.objgen[0], set()))
            key = page.obj.get("/StructParents")
            if orphans and key is not None and int(key) in parents:
                entries = parents[int(key)]
                for mcid in orphans:
                    if mcid < len(entries):
                        entries[mcid] = None
        out = io.BytesIO()
        # The same document makes the same bytes (a published version's PDF is rendered once
        # and compared): no random file identifier.
        document.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
        return out.getvalue()
