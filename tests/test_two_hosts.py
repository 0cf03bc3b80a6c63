"""The service on two hosts, as a public body runs it: two gunicorn hosts with working folders of
their own and no shared disk, two task workers, one PostgreSQL and an S3 API server. A journey
moves between the hosts; midway one host and one worker are killed with SIGKILL, and it finishes
on the other. Afterwards every file is as uploaded, every e-mail went out once, and sign-in and
its throttling held across the hosts."""

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from openpyxl import load_workbook

from assessments.models import AspectResponse, EvidenceFile, ReportVersion
from peerreview.outbox.models import OutboundEmail
from reports.documents.workbook import ANSWER
from tests.files import content
from tests.lifecycle import bring_to
from tests.servers import ROOT, gunicorn, manage, production_env, s3_server
from tests.two_factor import app_for, code_now

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two hosts share one PostgreSQL, as in production (.ci/run runs the suite on it)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "two-hosts-passphrase-42"
BUCKET = "two-hosts-evidence"
OFFLINE = "Written offline in the workbook, uploaded through host B."


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _host_env(folder: Path, s3: str, mail: Path) -> dict[str, str]:
    return production_env(folder, _database_url()) | {
        "OBJECT_STORAGE_BUCKET": BUCKET,
        "OBJECT_STORAGE_ENDPOINT_URL": s3,
        "OBJECT_STORAGE_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "two-hosts",
        "AWS_SECRET_ACCESS_KEY": "two-hosts-secret",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        # The least the service allows: a dead worker's task is taken back within 20-25 s.
        "WORKER_HEARTBEAT_STALE_SECONDS": "20",
    }


def _worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--worker-id", name],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _kill_host(master: subprocess.Popen) -> None:
    """SIGKILL to the host's master and each of its workers: no goodbye, as when a host dies."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    for pid in [master.pid, *map(int, children)]:
        os.kill(pid, signal.SIGKILL)
    master.wait(timeout=10)


def _form_tokens(html: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("csrfmiddlewaretoken", "submission_token")
        if f'name="{name}"' in html
    }


def _post_form(session: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    page = session.get(url, timeout=30)
    return session.post(
        url, data=_form_tokens(page.text) | data, headers={"Referer": url}, timeout=60, **kwargs
    )


def _sign_in(session: requests.Session, base: str, user) -> requests.Response:
    answer = _post_form(session, f"{base}/accounts/login/", {"username": user.email, "password": PASSWORD})
    if "/two-factor/code/" in answer.url:
        answer = _post_form(session, answer.url, {"code": code_now(app_for(user))})
    return answer


def _render_claimed() -> str:
    """the render task claimed by a worker"""
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.filter(task_path__endswith="version_render").first()
    if task is None or task.status == "READY":
        return ""
    # Caught running, its worker dies in the middle of it; rendered already (a fast machine),
    # the worker that did it dies all the same.
    return task.worker_ids[-1]


def _eventually(check, *, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.3)
    raise AssertionError(f"{check.__doc__ or 'the check'} did not happen within {seconds} s")


@pytest.fixture
def two_hosts(tmp_path, cast):
    for user in (cast.other_spoc, cast.review_manager, cast.spoc):
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, "two-hosts-salt")  # production's hasher
        user.save(update_fields=["password"])
    app_for(cast.review_manager)  # a manager signs in with a code from their app
    mail = tmp_path / "mail"
    with s3_server() as s3:
        boto3.client(
            "s3", endpoint_url=s3, region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="y"
        ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        envs = {name: _host_env(tmp_path / name, s3, mail) for name in ("a", "b")}
        for env in envs.values():
            manage(env, "collectstatic", "--no-input", "-v0")
        masters: list = []
        workers = [
            _worker(envs[name], f"worker-{name}", tmp_path / f"worker-{name}.log") for name in ("a", "b")
        ]
        try:
            with (
                gunicorn(envs["a"], workers=1, log=tmp_path / "a.log", started=masters) as host_a,
                gunicorn(envs["b"], workers=1, log=tmp_path / "b.log", started=masters) as host_b,
            ):
                yield {"a": host_a, "b": host_b, "masters": masters, "workers": workers, "mail": mail}
        finally:
            for worker in workers:
                worker.kill()
                worker.wait(timeout=10)


def _upload_on_a_download_on_b(spoc: requests.Session, a: str, b: str, review) -> tuple[str, bytes]:
    """Evidence uploaded through host A comes back from host B byte for byte. Returns its
    download path and its bytes."""
    data = content("docx")
    evidence_url = f"{a}/reviews/{review.reference}/evidence/"
    page = spoc.get(evidence_url, timeout=30)
    uploaded = spoc.post(
        evidence_url,
        data=_form_tokens(page.text) | {"aspects": "1"},
        files={"file": ("Prevent plan.docx", data)},
        headers={"Referer": evidence_url},
        timeout=60,
    )
    assert uploaded.status_code == 200, uploaded.text[-500:]
    version = EvidenceFile.objects.get(evidence__review=review)
    download = f"/reviews/{review.reference}/evidence/{version.evidence_id}/versions/1/"
    assert spoc.get(b + download, timeout=30).content == data
    return download, data


def _workbook_round_trip_on_b(spoc: requests.Session, b: str, review) -> None:
    """The workbook, downloaded from host B, filled in offline and uploaded to B, is saved."""
    book = load_workbook(
        io.BytesIO(spoc.get(f"{b}/reviews/{review.reference}/self-assessment/workbook.xlsx").content)
    )
    book["Aspects"][f"{ANSWER}2"].value = OFFLINE
    filled = io.BytesIO()
    book.save(filled)
    upload_url = f"{b}/reviews/{review.reference}/self-assessment/workbook/upload/"
    page = spoc.get(upload_url, timeout=30)
    checked = spoc.post(
        upload_url,
        data=_form_tokens(page.text),
        files={"workbook": ("workbook.xlsx", filled.getvalue())},
        headers={"Referer": upload_url},
        timeout=60,
    )
    assert "/workbook/check/" in checked.url
    saved = spoc.post(
        checked.url, data=_form_tokens(checked.text), headers={"Referer": checked.url}, timeout=60
    )
    assert saved.status_code == 200
    assert AspectResponse.objects.filter(self_assessment__review=review, narrative=OFFLINE).exists()


def _guesses_are_counted_across_hosts(a: str, b: str, user) -> None:
    """Failed sign-ins count on both hosts together: the address is then refused on both."""
    guesser = requests.Session()
    answers = [
        _post_form(guesser, f"{host}/accounts/login/", {"username": user.email, "password": "wrong"})
        for host in (a, b, a, b, a, b)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429, 429]
    assert _sign_in(requests.Session(), b, user).status_code == 429


def _publish_on_a_then_lose_it(manager: requests.Session, a: str, reference: str, two_hosts) -> None:
    """Published through host A; then host A dies, and so does the worker that took the PDF's
    render, in the middle of it (or, on a fast machine, after it)."""
    early = {"reason": "The council agreed the draft at its meeting."}  # its check is still open
    publish = _post_form(manager, f"{a}/reviews/{reference}/report/publish/", early)
    assert "is published as version 1" in publish.text
    _kill_host(two_hosts["masters"][0])
    rendering = _eventually(_render_claimed, seconds=30)
    workers = dict(zip(("worker-a", "worker-b"), two_hosts["workers"], strict=True))
    workers[rendering].kill()
    with pytest.raises(requests.ConnectionError):
        manager.get(f"{a}/health/", timeout=5)


def _every_email_sent_once(mail: Path, sent_here: set[int]) -> None:
    """Every e-mail the hosts' workers queued went out, and once: counted in the outbox and in
    the files the mail backend wrote (``sent_here``: those sent by this process, left out)."""

    def all_sent():
        """every queued e-mail sent"""
        return not OutboundEmail.objects.filter(sent_at__isnull=True).exists()

    _eventually(all_sent)
    emails = list(OutboundEmail.objects.exclude(pk__in=sent_here))
    assert len(emails) > 5, "the journey queued e-mails (the publication tells everyone)"
    assert all(email.attempts == 1 for email in emails), "an e-mail was sent twice"
    written = [path.read_text() for path in mail.iterdir()]
    assert sum(text.count("\nSubject: ") + text.startswith("Subject: ") for text in written) == len(emails)


def test_a_journey_across_two_hosts_survives_losing_one(cast, two_hosts):
    a, b = two_hosts["a"], two_hosts["b"]
    spoc, review = requests.Session(), cast.other_review

    # Signed in on A, the session holds on B.
    assert _sign_in(spoc, a, cast.other_spoc).status_code == 200
    assert spoc.get(f"{b}/reviews/{review.reference}/", timeout=30).status_code == 200
    download, data = _upload_on_a_download_on_b(spoc, a, b, review)
    _workbook_round_trip_on_b(spoc, b, review)

    # Another review brought to its check here, by the services: the e-mails that sends go out
    # from this process, not the hosts' workers, and are left out of the count at the end.
    before = set(OutboundEmail.objects.values_list("pk", flat=True))
    published = bring_to(
        cast.review, "s5_checking", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
    )
    sent_here = set(OutboundEmail.objects.values_list("pk", flat=True)) - before
    manager = requests.Session()
    assert _sign_in(manager, a, cast.review_manager).status_code == 200
    _guesses_are_counted_across_hosts(a, b, cast.spoc)  # the manager, signed in, stays so
    _publish_on_a_then_lose_it(manager, a, published.reference, two_hosts)

    def rendered():
        """the published PDF rendered"""
        return ReportVersion.objects.filter(report__review=published).exclude(sha256="").exists()

    _eventually(rendered, seconds=120)  # the dead worker's task, if it had it, taken back
    pdf = manager.get(f"{b}/reviews/{published.reference}/report/versions/1.pdf", timeout=60)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert spoc.get(b + download, timeout=30).content == data  # the file still as uploaded
    _every_email_sent_once(two_hosts["mail"], sent_here)
