import hashlib

import pytest
from django.core.exceptions import ValidationError

from assessments.files.uploads import check_file
from tests.files import PDF, PNG, content, lying_bomb, upload


@pytest.mark.parametrize(
    "extension", ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv", "png", "jpg", "jpeg"]
)
def test_each_accepted_type_passes_with_its_hash_and_size(extension):
    checked = check_file(upload(f"Evidence.{extension.upper()}"))
    data = content(extension)
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("policy.pdf", PNG, "“policy.pdf” is not a PDF file: its content does not match its name"),
        ("plan.docx", PDF, "“plan.docx” is not a DOCX file"),
        ("plan.docx", content("xlsx"), "“plan.docx” is not a DOCX file"),
        ("photo.png", b"GIF89a" + b"\x00" * 20, "“photo.png” is not a PNG file"),
        ("notes.txt", PDF.replace(b"\n", b"\x00"), "“notes.txt” is not a plain text file"),
        ("notes.txt", b"\xff\xfe\x00\x00binary", "“notes.txt” is not a plain text file"),
        ("empty.pdf", b"", "“empty.pdf” is empty"),
        (
            "script.exe",
            b"MZ\x90\x00",
            "“script.exe” must be a PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV, PNG or JPEG file",
        ),
        ("no-extension", b"hello", "must be a PDF, DOCX"),
        ("../../etc/passwd.txt", b"root", "contains folder names"),
        ("folder\\plan.pdf", PDF, "contains folder names"),
        ("plan\x00.pdf", PDF, "contains control characters"),
        ("plan\n.pdf", PDF, "contains control characters"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, data, message):
    uploaded = upload("x.txt", data)
    uploaded._name = name  # bypass the mending of names in Django's UploadedFile, as a direct caller could
    with pytest.raises(ValidationError) as caught:
        check_file(uploaded)
    assert message in caught.value.messages[0]


def test_an_oversized_file_is_refused(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="must be smaller than 1 MB"):
        check_file(upload("big.txt", b"a" * (1024 * 1024 + 1)))


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_a_document_that_lies_about_its_unpacked_size_is_refused(extension):
    """F5 of the security probe: headers declare 5 KB, the part inflates to 100 MB."""
    with pytest.raises(ValidationError) as caught:
        check_file(upload(f"minutes.{extension}", lying_bomb(extension, unpacked_mb=100)))
    assert f"“minutes.{extension}” unpacks to far more than its size" in caught.value.messages[0]
