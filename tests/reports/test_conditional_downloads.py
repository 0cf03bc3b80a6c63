"""Every document the service generates answers with an ETag, and a repeat that says it holds
those bytes (``If-None-Match``) with 304 Not Modified and no body; still never stored."""

import pytest
from django.urls import reverse

from tests.test_authorization_matrix import MATRIX, OK, USERS, objects  # noqa: F401  (a fixture)
from tests.two_factor import force_login

DOCUMENT_ENDINGS = ("_pdf", "_csv", "_xlsx", "_docx")
# Downloads whose names do not say their format.
NAMED_FOR_THEIR_PAGE = {"presentation_handout", "report_version", "workbook_download"}
DOCUMENTS = sorted(
    name
    for name, (method, *_rest) in MATRIX.items()
    if method == "get" and (name.endswith(DOCUMENT_ENDINGS) or name in NAMED_FOR_THEIR_PAGE)
)


def _allowed_user(answers: dict) -> str:
    return next(user for user in USERS if user != "anonymous" and answers[user] == OK)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_repeat_that_holds_the_bytes_is_told_not_modified(name, cast, objects, client):  # noqa: F811
    _method, arguments, answers, *_data = MATRIX[name]
    url = reverse(name, args=[objects[argument] for argument in arguments])
    force_login(client, getattr(cast, _allowed_user(answers)))
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Disposition"].startswith("attachment")
    tag = first["ETag"]
    assert tag.startswith('"')
    assert client.get(url)["ETag"] == tag, "the same bytes, the same tag"
    repeat = client.get(url, headers={"If-None-Match": tag})
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == tag
    assert repeat["Cache-Control"] == "no-store"
    assert client.get(url, headers={"If-None-Match": '"another"'}).status_code == 200


def test_a_changed_document_has_a_new_tag(cast, objects, client):  # noqa: F811
    from assessments.models import Interview

    url = reverse("timetable_csv", args=[objects["ref"]])
    force_login(client, cast.review_manager)
    tag = client.get(url)["ETag"]
    Interview.objects.filter(pk=objects["interview"]).update(location="The council chamber")
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    assert b"The council chamber" in changed.content


def test_office_documents_made_twice_in_a_day_are_the_same_bytes(cast, time_machine):
    """Word and Excel writers date a file to the second; the service dates a draft to its day, so
    a repeat download the same day is the same bytes (and can be answered "not modified")."""
    import datetime

    from reports.documents.rendering import report_docx
    from reports.documents.sheets import xlsx_bytes
    from reports.documents.workbook import workbook_bytes

    def made_at(moment: datetime.datetime) -> list[bytes]:
        time_machine.move_to(moment)
        rows = [["Train the staff", datetime.date(2026, 3, 31)]]
        sheet = xlsx_bytes(header=["action", "due"], rows=rows, title="Actions")
        return [report_docx(cast.review), sheet, workbook_bytes(cast.review)]

    morning = made_at(datetime.datetime(2026, 5, 4, 9, 0, 1, tzinfo=datetime.UTC))
    later = made_at(datetime.datetime(2026, 5, 4, 16, 30, 59, tzinfo=datetime.UTC))
    next_day = made_at(datetime.datetime(2026, 5, 5, 9, 0, 1, tzinfo=datetime.UTC))
    assert morning == later
    assert all(a != b for a, b in zip(morning, next_day, strict=True))


def test_a_published_version_told_not_modified_records_no_download(cast, objects, client):  # noqa: F811
    """The audit trail records each download of a published version; a repeat answered 304 sends
    nothing, so it records nothing."""
    from peerreview.audit.models import AuditEvent

    url = reverse("report_version", args=[objects["ref"], objects["one"]])
    force_login(client, cast.spoc)
    downloads = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD)
    tag = client.get(url)["ETag"]
    assert downloads.count() == 1
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert downloads.count() == 1
    assert client.get(url).status_code == 200
    assert downloads.count() == 2
