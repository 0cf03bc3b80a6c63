import pytest
from django.core.exceptions import ValidationError

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


def test_a_removed_document_cannot_be_renamed_retagged_or_replaced(cast, private_storage):
    (document,) = services.evidence_upload(
        review=cast.review, files=[upload("a.pdf")], aspects=[1], by=cast.spoc
    )
    services.evidence_remove(evidence=document, by=cast.spoc)
    with pytest.raises(ValidationError, match="has been removed"):
        services.evidence_update(evidence=document, title="Renamed", aspects=[2], shown=[1])
    with pytest.raises(ValidationError, match="has been removed"):
        services.evidence_add_version(evidence=document, uploaded=upload("b.pdf"), by=cast.spoc)
    document = Evidence.objects.with_aspects().get()
    assert (document.title, document.aspect_numbers, document.files.count()) == ("a", [1], 1)
