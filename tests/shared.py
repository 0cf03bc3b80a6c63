"""Access to ../shared/ (beside the clone), which a user's own clone may not have."""

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
EXAMPLE = SHARED / "examples" / "midlothian-2019.json"
FORMAT_DOC = SHARED / "review-format.md"
REFERENCE_REPORT = SHARED / "reference" / "prevent-peer-review-report-midlothian-2019.txt"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} is in ../shared/, which this clone does not have beside it")
    return path


def example_document() -> dict:
    return json.loads(shared_file(EXAMPLE).read_text(encoding="utf-8"))
