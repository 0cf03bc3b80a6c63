"""Uploads stop at their limits before their bodies are stored: one file per request, each under
EVIDENCE_MAX_UPLOAD_MB; each review's evidence under EVIDENCE_MAX_REVIEW_MB; office documents
that unpack far larger than they weigh refused (issue 13, defect 11)."""

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from assessments.models import Evidence, EvidenceFile
from tests.files import lying_bomb, packed_bomb, upload

RECEIVED: list[int] = []


class RecordingHandler(FileUploadHandler):
    """Stands where Django's own handlers stand, after the limit: what it is given is what the
    service would have kept."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        RECEIVED.append(0)

    def receive_data_chunk(self, raw_data, start):
        RECEIVED[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def recorded(settings):
    RECEIVED.clear()
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.test_upload_limits.RecordingHandler",
        *settings.FILE_UPLOAD_HANDLERS,
    ]
    return RECEIVED


def _post(login, cast, data, **extra):
    return login(cast.spoc).post(reverse("evidence_list", args=[cast.review.reference]), data, **extra)


def _nothing_kept(private_storage):
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()] if private_storage.exists() else True


def test_an_oversized_file_is_stopped_at_the_limit(cast, login, private_storage, settings, recorded):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = upload("big.txt", b"a" * (3 * 1024 * 1024 // 2))  # over the file limit, under the route's
    # The test client sends a Content-Length; a browser may stream without one, so both ways count.
    response = _post(login, cast, {"file": big, "aspects": [1]})
    assert response.status_code == 200
    assert "The file must be smaller than 1 MB" in response.text
    assert "govuk-error-summary" in response.text
    assert sum(recorded) == 0, "refused from its declared length before a byte was kept"
    _nothing_kept(private_storage)


def test_a_body_far_over_the_route_s_limit_gets_a_page_saying_so(cast, login, private_storage, recorded):
    """Over twice the upload limit: refused from its declared length, before anything reads it,
    with a page in the service's layout (nothing is parsed, so no form to show it in)."""
    limit_mb = 20
    response = _post(
        login,
        cast,
        {"file": upload("big.txt", b"a" * (2 * limit_mb * 1024 * 1024 + 70_000)), "aspects": [1]},
        HTTP_REFERER="http://testserver" + reverse("evidence_list", args=[cast.review.reference]),
    )
    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert f"at most {2 * limit_mb + 0.1} MB" in response.text
    assert reverse("evidence_list", args=[cast.review.reference]) in response.text  # the way back
    assert recorded == [], "not a byte was parsed"
    _nothing_kept(private_storage)


def test_a_file_that_grows_past_the_limit_is_stopped_as_it_arrives(
    cast, login, private_storage, settings, recorded
):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    limit = 1024 * 1024
    boundary = "----limit"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    body = head.encode() + b"a" * (limit + 20_000) + f"\r\n--{boundary}--\r\n".encode()
    # Within the allowance for the form's other fields, so only counting the file's bytes finds it.
    response = _post(login, cast, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert "The file must be smaller than 1 MB" in response.text
    assert 0 < sum(recorded) <= limit
    _nothing_kept(private_storage)


def test_one_file_per_request(cast, login, private_storage, recorded):
    response = _post(login, cast, {"file": [upload("a.pdf"), upload("b.pdf")], "aspects": [1]})
    assert "Upload one file at a time" in response.text
    assert len(recorded) == 1, "the second file is not received"
    _nothing_kept(private_storage)


def test_each_review_has_a_total(cast, login, private_storage, settings):
    settings.EVIDENCE_MAX_REVIEW_MB = 1
    assert _post(login, cast, {"file": upload("one.txt", b"a" * 700_000)}).status_code == 302
    response = _post(login, cast, {"file": upload("two.txt", b"b" * 400_000)})
    assert "evidence would come to more than 1 MB (0.7 MB is used)" in response.text
    assert Evidence.objects.count() == 1
    page = login(cast.spoc).get(reverse("evidence_list", args=[cast.review.reference])).text
    assert "may come to 1.0\xa0MB: 683.6\xa0KB is used" in page


@pytest.mark.parametrize(
    ("data", "parts"),
    [
        (packed_bomb(unpacked_mb=50), "parts"),
        (packed_bomb(unpacked_mb=0, parts=2500), "2503 parts"),
        (lying_bomb(unpacked_mb=100), "in 3 parts"),  # declares 5 KB
    ],
)
def test_a_document_that_unpacks_far_larger_is_refused(cast, login, private_storage, data, parts):
    assert len(data) < 500_000
    response = _post(login, cast, {"file": upload("minutes.docx", data), "aspects": [1]})
    assert "“minutes.docx” unpacks to far more than its size" in response.text
    assert parts in response.text
    _nothing_kept(private_storage)
