"""Documents the exchange tests use: the service's own demo reviews (always here) and the
shared example (where ../shared exists)."""

import copy
import json

from assessments.demo import DEMO_DIR
from tests.shared import example_document


def demo_document(name: str = "ardlarich-2025") -> dict:
    return json.loads((DEMO_DIR / f"{name}.json").read_text(encoding="utf-8"))


def with_defaults(document: dict) -> dict:
    """The document as an export writes it: optional fields that were left out take their
    defaults (lists empty, the marking OFFICIAL, the first stage)."""
    doc = copy.deepcopy(document)
    doc.setdefault("framework", "prevent-scotland-2019")
    review = doc["review"]
    review["host"].setdefault("kind", "local_authority")
    review.setdefault("protective_marking", "OFFICIAL")
    review.setdefault("stage", "self_assessment")
    for key in ("team", "contacts", "evidence", "lines_of_enquiry", "interviews", "findings", "actions"):
        review.setdefault(key, [])
    return doc


__all__ = ["demo_document", "example_document", "with_defaults"]
