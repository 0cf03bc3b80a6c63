"""Every upload is scanned by a real ClamAV daemon that the tests start, with a signature database
they make themselves: a clean file is released once scanned; the test virus is withheld from
everyone, kept, and its uploader and the review manager are told; until its scan, a file reaches
only its uploader."""

import shutil

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from assessments.models import EvidenceFile, ScanStatus
from peerreview.inbox.models import Notification
from tests.files import upload
from tests.servers import TEST_VIRUS, clamd_server

pytestmark = pytest.mark.skipif(
    shutil.which("clamd") is None or shutil.which("sigtool") is None,
    reason="ClamAV's daemon is not installed (Debian's clamav-daemon; .ci/run installs it)",
)
PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    with clamd_server(tmp_path_factory.mktemp("clamd")) as socket_path:
        yield socket_path


@pytest.fixture
def scanned(settings, clamd_socket, private_storage):
    settings.CLAMAV_ADDRESS = clamd_socket
    return private_storage


def _upload(client, cast, name, data=None):
    response = client.post(
        reverse("evidence_list", args=[cast.review.reference]), {"file": upload(name, data), "aspects": [1]}
    )
    assert response.status_code == 302, response.text
    return EvidenceFile.objects.get(original_name=name)


def _download(client, cast, version):
    url = reverse("evidence_download", args=[cast.review.reference, version.evidence_id, version.number])
    return client.get(url)


def test_a_clean_file_is_released_once_scanned(cast, login, scanned):
    version = _upload(login(cast.spoc), cast, "plan.pdf")
    version.refresh_from_db()
    assert version.scan == ScanStatus.CLEAN
    assert version.scanned_at is not None
    assert _download(login(cast.lead_peer), cast, version).status_code == 200


def test_the_test_virus_is_withheld_from_everyone_kept_and_told(cast, login, scanned):
    version = _upload(login(cast.spoc), cast, "minutes.txt", TEST_VIRUS)
    version.refresh_from_db()
    assert version.scan == ScanStatus.INFECTED
    assert "UNOFFICIAL" in version.scan_found  # the name sigtool's own signature gives
    for reader in (cast.lead_peer, cast.review_manager, cast.deputy, cast.spoc):
        refused = _download(login(reader), cast, version)
        assert refused.status_code == 403
        assert "This file contains a virus" in refused.text
    page = login(cast.lead_peer).get(reverse("evidence_list", args=[cast.review.reference])).text
    assert "Virus found: withheld" in page
    assert reverse("evidence_download", args=[cast.review.reference, version.evidence_id, 1]) not in page
    assert any(path.is_file() for path in scanned.rglob("*")), "kept, not deleted"
    told = set(Notification.objects.filter(subject__contains="virus").values_list("user__email", flat=True))
    assert told == {cast.spoc.email, cast.review_manager.email}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the real worker, on its own
def test_until_its_scan_a_file_reaches_only_its_uploader(cast, login, scanned):
    with override_settings(TASKS=PRODUCTION_TASKS):  # queued for the worker, as in production
        version = _upload(login(cast.spoc), cast, "plan.pdf")
        assert version.scan == ScanStatus.PENDING
        assert _download(login(cast.spoc), cast, version).status_code == 200
        waiting = _download(login(cast.lead_peer), cast, version)
        assert waiting.status_code == 403
        assert "being checked for viruses" in waiting.text
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    version.refresh_from_db()
    assert version.scan == ScanStatus.CLEAN
    assert _download(login(cast.lead_peer), cast, version).status_code == 200


@pytest.mark.tasks_may_fail
def test_a_file_the_scanner_cannot_reach_stays_withheld_and_the_manager_is_told(
    cast, login, settings, private_storage, tmp_path
):
    settings.CLAMAV_ADDRESS = str(tmp_path / "no-daemon-here.sock")
    settings.SCAN_ATTEMPTS = 2
    version = _upload(login(cast.spoc), cast, "plan.pdf")
    version.refresh_from_db()
    assert (version.scan, version.scan_attempts) == (ScanStatus.FAILED, 2)
    assert _download(login(cast.lead_peer), cast, version).status_code == 403
    assert Notification.objects.filter(
        user=cast.review_manager, subject__contains="could not be checked"
    ).exists()


def test_without_a_scanner_the_pages_say_so(cast, login, private_storage, settings):
    settings.CLAMAV_ADDRESS = None
    version = _upload(login(cast.spoc), cast, "plan.pdf")
    assert version.scan == ScanStatus.NOT_SCANNED
    page = login(cast.lead_peer).get(reverse("evidence_list", args=[cast.review.reference])).text
    assert "Files are not checked for viruses on this copy of the service" in page
    assert _download(login(cast.lead_peer), cast, version).status_code == 200
