"""Evidence on S3-compatible object storage, through ``STORAGES["evidence"]``, against a real S3
API server that the tests start (moto's, over HTTP): uploaded and downloaded through the pages,
private, encrypted, named by random keys, removed with a failed upload, and carried whole by a
backup and written back by a restore."""

import hashlib
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from assessments.files.storage import private_storage
from assessments.models import EvidenceFile, Review
from assessments.services.evidence import evidence_upload
from peerreview.settings import object_storage
from tests.files import content, upload
from tests.servers import s3_server

REGION = "eu-west-2"
KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@pytest.fixture(scope="session")
def s3_address():
    with s3_server() as address:
        yield address


def _s3(address):
    return boto3.client(
        "s3",
        endpoint_url=address,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


def _new_bucket(settings, address) -> str:
    """A new, empty bucket, made the evidence storage as production's settings make it."""
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    _s3(address).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    entry = object_storage(bucket, address, REGION)
    entry["OPTIONS"] |= KEYS  # production takes them from the environment or the host's role
    settings.STORAGES = {**settings.STORAGES, "evidence": entry}
    return bucket


@pytest.fixture
def bucket(settings, s3_address):
    return _new_bucket(settings, s3_address)


def _keys(address, bucket) -> list[str]:
    return [item["Key"] for item in _s3(address).list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_evidence_goes_up_and_comes_down_through_the_pages(cast, login, bucket, s3_address):
    data = content("docx")
    response = login(cast.spoc).post(
        reverse("evidence_list", args=[cast.review.reference]),
        {"file": upload("Prevent plan 2025.docx", data), "aspects": [1]},
    )
    assert response.status_code == 302
    version = EvidenceFile.objects.get()
    assert _keys(s3_address, bucket) == [version.stored_name]
    assert "Prevent" not in version.stored_name  # the key says nothing about the file
    head = _s3(s3_address).head_object(Bucket=bucket, Key=version.stored_name)
    assert head["ServerSideEncryption"] == "AES256"
    url = reverse("evidence_download", args=[cast.review.reference, version.evidence_id, 1])
    download = login(cast.lead_peer).get(url)
    assert b"".join(download.streaming_content) == data
    assert login(cast.other_spoc).get(url).status_code == 404  # the access check comes first


def test_objects_are_private(cast, bucket, s3_address):
    (evidence,) = evidence_upload(review=cast.review, files=[upload("plan.pdf")], aspects=[1], by=cast.spoc)
    key = evidence.files.get().stored_name
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_address}/{bucket}/{key}", timeout=10)
    assert refused.value.code == 403


def test_a_backup_holds_the_objects_and_a_restore_writes_them_back(
    cast, settings, bucket, s3_address, tmp_path
):
    files = [upload("policy.pdf"), upload("minutes.docx")]
    evidence_upload(review=cast.review, files=files, aspects=[1], by=cast.spoc)
    before = {}
    for name in EvidenceFile.objects.values_list("stored_name", flat=True):
        with private_storage().open(name, "rb") as handle:
            before[name] = handle.read()
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    for name in before:
        assert (tmp_path / "backup" / "files" / name).read_bytes() == before[name]

    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    restored_into = _new_bucket(settings, s3_address)  # a new store, as after losing the old one
    call_command("restore", str(tmp_path / "backup"), verbosity=0)
    assert Review.objects.filter(reference=cast.review.reference).exists()
    assert sorted(_keys(s3_address, restored_into)) == sorted(before)
    for name, data in before.items():
        with private_storage().open(name, "rb") as handle:
            assert handle.read() == data


def test_a_restore_that_fails_takes_back_the_objects_it_wrote(cast, settings, bucket, s3_address, tmp_path):
    evidence_upload(review=cast.review, files=[upload("policy.pdf")], aspects=[1], by=cast.spoc)
    backup = tmp_path / "backup"
    call_command("backup", str(backup), verbosity=0)
    # A review document that no longer matches the rows (its sum made to match): the restore
    # loads the rows and writes the objects, then finds the mismatch and undoes both.
    document = backup / "reviews" / f"{cast.review.reference}.json"
    document.write_text(document.read_text().replace(cast.review.reference, "someone-else"))
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    manifest = backup / "SHA256SUMS"
    lines = manifest.read_text().splitlines()
    name = f"reviews/{cast.review.reference}.json"
    manifest.write_text(
        "\n".join(f"{digest}  {name}" if line.endswith(name) else line for line in lines) + "\n"
    )
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    restored_into = _new_bucket(settings, s3_address)
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", str(backup), verbosity=0)
    assert _keys(s3_address, restored_into) == []
    assert not Review.objects.exists()
