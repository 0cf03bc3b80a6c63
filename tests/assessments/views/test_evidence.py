import hashlib

import pytest
from django.urls import reverse

from assessments.models import Evidence, EvidenceFile
from tests.files import PDF, PNG, content, upload


def _list(cast):
    return reverse("evidence_list", args=[cast.review.reference])


def _stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def spoc(cast, login, private_storage):
    return login(cast.spoc)


def test_the_list_checks_access(cast, check_access, private_storage):
    check_access(_list(cast), outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.deputy)
    check_access(_list(cast), outsider=cast.peer_elsewhere, forbidden=cast.senior, allowed=cast.lead_peer)


def test_upload_is_for_the_host_only(cast, login, private_storage):
    response = login(cast.peer).post(_list(cast), {"file": upload("plan.pdf")})
    assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert _stored_files(private_storage) == []


def test_the_spoc_uploads_files_one_at_a_time(cast, spoc, private_storage):
    response = spoc.post(_list(cast), {"file": upload("Training plan.docx"), "aspects": [5, 13]})
    assert response.status_code == 302
    assert "Uploaded Training plan.docx as E1." in spoc.get(_list(cast)).text
    assert spoc.post(_list(cast), {"file": upload("Minutes.txt"), "aspects": [5, 13]}).status_code == 302
    first, second = Evidence.objects.order_by("key")
    assert (first.key, first.title, first.filename, first.aspect_numbers) == (
        "E1",
        "Training plan",
        "Training plan.docx",
        [5, 13],
    )
    assert second.key == "E2"
    version = first.files.get()
    assert version.number == 1
    assert version.size == len(content("docx"))
    assert version.sha256 == hashlib.sha256(content("docx")).hexdigest()
    # Stored under a random name that says nothing about the file.
    assert "Training" not in version.stored_name
    assert len(_stored_files(private_storage)) == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("policy.pdf", PNG)], "“policy.pdf” is not a PDF file: its content does not match its name"),
        ([upload("empty.pdf", b"")], "“empty.pdf” is empty"),
        ([upload("tool.exe", b"MZ\x90")], "“tool.exe” must be a PDF, DOCX"),
        ([upload("fake.png", PDF)], "“fake.png” is not a PNG file"),
        ([upload("ok.pdf"), upload("two.pdf")], "Upload one file at a time"),  # one file per request
        ([], "Choose a file to upload"),
    ],
)
def test_bad_uploads_store_nothing(cast, spoc, private_storage, files, message):
    response = spoc.post(_list(cast), {"file": files, "aspects": [1]})
    assert response.status_code == 200
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert _stored_files(private_storage) == []


def test_an_oversized_upload_stores_nothing(cast, spoc, private_storage, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    response = spoc.post(_list(cast), {"file": upload("big.txt", b"a" * (1024 * 1024 + 10))})
    assert "The file must be smaller than 1 MB" in response.text
    assert not Evidence.objects.exists()
    assert _stored_files(private_storage) == []


@pytest.mark.parametrize(
    ("raw_name", "shown"),
    [("../../etc/passwd.txt", "../../etc/passwd.txt"), ("minutes\x07.txt", "minutes?.txt")],
)
def test_file_names_with_folders_or_control_characters_are_refused(
    cast, spoc, private_storage, raw_name, shown
):
    boundary = "----boundary"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{raw_name}"\r\n'
        "Content-Type: text/plain\r\n\r\nsome minutes\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    response = spoc.post(_list(cast), body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 200
    assert f"The file name “{shown}” contains folder names or control characters" in response.text
    assert not Evidence.objects.exists()
    assert _stored_files(private_storage) == []


def test_download_is_access_checked_and_safe(cast, spoc, private_storage, check_access):
    spoc.post(_list(cast), {"file": upload("Referral pathway.pdf")})
    evidence = Evidence.objects.get()
    url = reverse("evidence_download", args=[cast.review.reference, evidence.pk, 1])
    response = check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.peer)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Referral pathway.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    missing = reverse("evidence_download", args=[cast.review.reference, evidence.pk, 2])
    assert spoc.get(missing).status_code == 404


def test_evidence_of_another_review_is_not_found_through_this_one(cast, login, private_storage):
    login(cast.other_spoc).post(
        reverse("evidence_list", args=[cast.other_review.reference]), {"file": upload("a.pdf")}
    )
    theirs = Evidence.objects.get(review=cast.other_review)
    client = login(cast.spoc)
    assert client.get(reverse("evidence_detail", args=[cast.review.reference, theirs.pk])).status_code == 404
    assert (
        client.get(reverse("evidence_download", args=[cast.review.reference, theirs.pk, 1])).status_code
        == 404
    )


def test_a_new_version_keeps_the_old_one(cast, spoc, private_storage):
    spoc.post(_list(cast), {"file": upload("plan.pdf")})
    evidence = Evidence.objects.get()
    url = reverse("evidence_detail", args=[cast.review.reference, evidence.pk])
    response = spoc.post(url, {"form": "version", "file": upload("plan v2.docx")})
    assert response.status_code == 302
    assert list(evidence.files.values_list("number", "original_name")) == [
        (2, "plan v2.docx"),
        (1, "plan.pdf"),
    ]
    evidence.refresh_from_db()
    assert evidence.filename == "plan v2.docx"
    assert len(_stored_files(private_storage)) == 2
    bad = spoc.post(url, {"form": "version", "file": upload("plan v3.pdf", PNG)})
    assert "is not a PDF file" in bad.text
    assert evidence.files.count() == 2


def test_title_and_tags_can_change(cast, spoc, private_storage):
    spoc.post(_list(cast), {"file": upload("plan.pdf")})
    evidence = Evidence.objects.get()
    url = reverse("evidence_detail", args=[cast.review.reference, evidence.pk])
    spoc.post(url, {"title": "Prevent action plan 2026", "aspects": [2, 13]})
    evidence.refresh_from_db()
    assert (evidence.title, evidence.aspect_numbers) == ("Prevent action plan 2026", [2, 13])


def test_removal_is_recorded_not_silent(cast, spoc, login, private_storage):
    spoc.post(_list(cast), {"file": upload("plan.pdf")})
    evidence = Evidence.objects.get()
    url = reverse("evidence_remove", args=[cast.review.reference, evidence.pk])
    assert login(cast.peer).post(url).status_code == 403
    spoc = login(cast.spoc)
    assert spoc.post(url)["Location"] == _list(cast)
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert evidence.removed_by == cast.spoc
    page = login(cast.lead_peer).get(_list(cast)).text
    assert "Removed" in page
    assert "plan" in page
    assert evidence.files.count() == 1  # the bytes stay for the record


def test_the_list_query_count_is_flat(cast, spoc, private_storage, django_assert_max_num_queries):
    spoc.post(_list(cast), {"file": upload("a.pdf")})
    with django_assert_max_num_queries(12) as few:
        spoc.get(_list(cast))
    baseline = len(few.captured_queries)  # read now: each request resets the query log
    for n in range(8):
        spoc.post(_list(cast), {"file": upload(f"doc{n}.pdf")})
    with django_assert_max_num_queries(baseline):
        response = spoc.get(_list(cast))
    assert response.text.count("/versions/1/") == 9
