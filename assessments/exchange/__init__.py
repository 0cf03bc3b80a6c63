"""The review exchange format ``prevent-peer-review/1``: the one mapping between a review in the
database and a JSON document (see ``../shared/review-format.md`` and ``docs/exchange.md``).

``import_review`` and ``export_review`` are what the management commands, the demo data and
any download button call.
"""

import json
from typing import Any

import pydantic
from django.db import transaction
from pydantic_core import ErrorDetails

from assessments.exchange import checks, exporter, importer, schema
from assessments.models import Review
from assessments.signals import review_imported
from peerreview.accounts.models import User
from peerreview.audit.context import as_one_event
from peerreview.audit.record import record


class ExchangeError(Exception):
    """A document that cannot be imported; ``faults`` lists ``(json_path, message)`` pairs."""

    def __init__(self, faults: list[tuple[str, str]]):
        self.faults = faults
        super().__init__("\n".join(f"{path}: {message}" for path, message in faults))


def _path(location: tuple[str | int, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        return f"unknown value {json.dumps(error['input'])} ({error['msg'][0].lower()}{error['msg'][1:]})"
    message: str = error["msg"]
    return message[0].lower() + message[1:]


def parse(source: str | bytes | dict[str, Any]) -> schema.Document:
    """Checks a document's shape; raises ``ExchangeError`` naming every fault's JSON path."""
    try:
        if isinstance(source, dict):
            return schema.Document.model_validate_json(json.dumps(source))
        return schema.Document.model_validate_json(source)
    except pydantic.ValidationError as error:
        faults = []
        for item in error.errors():
            location = tuple(part for part in item["loc"] if not _is_union_tag(part))
            if item["type"] == "json_invalid":
                faults.append(("(document)", f"is not valid JSON: {item['ctx'].get('error', item['msg'])}"))
            else:
                faults.append((_path(location), _message(item)))
        raise ExchangeError(sorted(set(faults), key=faults.index)) from None


def _is_union_tag(part: str | int) -> bool:
    # pydantic names the branch of a union it tried (e.g. "function-after[...]"); a JSON path
    # does not include it.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def import_review(
    source: str | bytes | dict[str, Any], *, replace: bool = False, by: User | None = None
) -> Review:
    """Imports a whole review, all or nothing.

    Raises ``ExchangeError`` for any fault, and for an existing reference unless ``replace``.
    """
    document = parse(source)
    with transaction.atomic():
        faults, framework = checks.check_document(document)
        if faults or framework is None:  # an unknown framework is one of the faults
            raise ExchangeError(list(faults))
        try:
            # An import (and the review it replaces) is recorded as one event, not row by row.
            with as_one_event():
                review = importer.write_review(document, framework, replace=replace, by=by)
                review_imported.send(sender=Review, review=review, by=by)
            verb = "Replaced" if replace else "Imported"
            record(
                kind="create",
                instance=review,
                user=by,
                summary=f"{verb} review {review.reference} from a document",
            )
            return review
        except FileExistsError:
            raise ExchangeError(
                [
                    (
                        "review.reference",
                        f'a review "{document.review.reference}" exists; use --replace to replace it',
                    )
                ]
            ) from None


def export_review(review: Review) -> dict[str, Any]:
    """The review as an exchange document (a dict ready for ``json.dumps``)."""
    return exporter.build_document(review).model_dump(mode="json", exclude_none=True)
