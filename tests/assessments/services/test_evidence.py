import pytest

from assessments.models import Evidence
from assessments.services import evidence as services
from tests.files import upload


def test_files_are_removed_again_when_the_database_write_fails(cast, private_storage, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.EvidenceFile, "save", broken)
    with pytest.raises(RuntimeError):
        services.evidence_upload(
            review=cast.review, files=[upload("a.pdf"), upload("b.pdf")], aspects=[], by=cast.spoc
        )
    assert not Evidence.objects.exists()
    assert [p for p in private_storage.rglob("*") if p.is_file()] == []


def test_keys_continue_after_the_highest(cast, private_storage):
    Evidence.objects.create(review=cast.review, key="E7", title="Imported")
    (created,) = services.evidence_upload(
        review=cast.review, files=[upload("a.pdf")], aspects=[1], by=cast.spoc
    )
    assert created.key == "E8"
