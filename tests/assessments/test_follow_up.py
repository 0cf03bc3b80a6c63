import csv
import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from assessments.exchange import import_review
from assessments.jobs.reminders import send_reminders
from assessments.models import (
    Action,
    ActionUpdate,
    Finding,
    PublishedFinding,
    ReminderSent,
    Review,
    Stage,
)
from assessments.services.follow_up import action_create
from peerreview.accounts.models import User
from peerreview.inbox.models import Notification
from tests.assessments.exchange.documents import demo_document
from tests.lifecycle import bring_to


@pytest.fixture
def planned(cast):
    """The cast's review with an improvement and good practice, published, in follow-up."""
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", **people)
    areas = {a.key: a for a in cast.review.framework.areas.all()}
    Finding.objects.create(
        review=cast.review, area=areas["leadership"], kind="good_practice", text="Good.", position=1
    )
    improve = Finding.objects.create(
        review=cast.review,
        area=areas["capabilities"],
        kind="improvement",
        text="Do a training needs analysis.",
        position=2,
    )
    cast.review = bring_to(cast.review, "s6", start="s4", **people)
    return improve


def _url(name, cast, *args):
    return reverse(name, args=[cast.review.reference, *args])


def test_actions_answer_improvements_only(cast, planned):
    good = PublishedFinding.objects.get(kind="good_practice")
    with pytest.raises(Exception, match="suggested areas of improvement"):
        action_create(
            published_finding=good,
            description="x",
            owner="y",
            owner_user=None,
            due=datetime.date(2026, 1, 1),
            by=cast.spoc,
        )


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_overdue_is_marked_wherever_actions_appear(cast, planned, login):
    Action.objects.create(
        finding=planned, description="Late one", owner="SPOC", due=datetime.date(2026, 5, 31)
    )
    Action.objects.create(finding=planned, description="On time", owner="SPOC", due=datetime.date(2026, 6, 1))
    Action.objects.create(
        finding=planned, description="Done late", owner="SPOC", due=datetime.date(2026, 1, 1), status="done"
    )
    assert list(Action.objects.overdue(datetime.date(2026, 6, 1)).values_list("description", flat=True)) == [
        "Late one"
    ]
    page = login(cast.senior).get(_url("action_plan", cast)).text
    assert page.count("Overdue</strong>") == 1
    rows = list(csv.reader(io.StringIO(login(cast.peer).get(_url("action_plan_csv", cast)).content.decode())))
    assert rows[0] == [
        "Area",
        "Suggested improvement",
        "In the latest report",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Overdue",
        "Latest update",
    ]
    assert {row[3]: row[7] for row in rows[1:]} == {"Late one": "yes", "On time": "no", "Done late": "no"}


def test_the_spoc_adds_an_action_and_progress(cast, planned, login, check_access):
    url = _url("action_create", cast, planned.published.get().pk)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.peer, allowed=cast.spoc)
    client = login(cast.deputy)
    data = {
        "description": "Run a TNA with each directorate.",
        "owner": "Public Protection Manager",
        "due_0": "31",
        "due_1": "3",
        "due_2": "2027",
        "status": "not_started",
    }
    assert client.post(url, data).status_code == 302
    item = Action.objects.get()
    assert (item.owner, item.due, item.updated_by) == (
        "Public Protection Manager",
        datetime.date(2027, 3, 31),
        cast.deputy,
    )
    detail = _url("action_detail", cast, item.pk)
    client.post(detail, {"text": "Two directorates done."})
    client.post(detail, {"text": "All six done."})
    assert list(ActionUpdate.objects.values_list("text", flat=True)) == [
        "Two directorates done.",
        "All six done.",
    ]
    assert "All six done." in login(cast.senior).get(detail).text
    assert login(cast.senior).post(detail, {"text": "x"}).status_code == 403
    assert ActionUpdate.objects.count() == 2
    stale = login(cast.deputy).post(detail, {**data, "status": "done", "version": item.version + 5})
    assert "after you opened it" in stale.text


def test_reminders_go_once_per_due_date(cast, planned):
    owner = cast.deputy
    item = Action.objects.create(
        finding=planned, description="Soon", owner="Deputy", owner_user=owner, due=datetime.date(2026, 6, 10)
    )
    Action.objects.create(finding=planned, description="Far off", owner="x", due=datetime.date(2026, 9, 1))
    Action.objects.create(
        finding=planned, description="Finished", owner="x", due=datetime.date(2026, 6, 2), status="done"
    )
    today = datetime.date(2026, 6, 1)
    mail.outbox.clear()  # the publication's own e-mails; reminders are what is counted here
    assert send_reminders(today=today) == 1
    # One e-mail to each person, so that no reader sees the others' addresses; the owner is the
    # deputy SPOC here, told once. Each also finds it in the service.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([cast.spoc.email, owner.email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert mail.outbox[0].subject == "Due soon: an action in the action plan: Ardlarich Council"
    told = Notification.objects.filter(subject__startswith="Due soon")
    assert sorted(told.values_list("user__email", flat=True)) == sorted([cast.spoc.email, owner.email])
    assert told.first().url == f"/reviews/{cast.review.reference}/actions/{item.pk}/"
    assert send_reminders(today=today) == 0
    assert send_reminders(today=datetime.date(2026, 6, 11)) == 1  # now overdue: a new reminder
    assert mail.outbox[-1].subject.startswith("Overdue:")
    assert send_reminders(today=datetime.date(2026, 6, 12)) == 0
    item.due = datetime.date(2026, 6, 20)  # a new due date may be reminded again
    item.save()
    assert send_reminders(today=datetime.date(2026, 6, 12)) == 1
    assert ReminderSent.objects.count() == 3


def test_the_reminder_command_queues_the_task_or_works_at_once(cast, planned, capsys):
    Action.objects.create(finding=planned, description="x", owner="x", due=datetime.date.today())
    mail.outbox.clear()
    call_command("send_reminders")  # tests run tasks as they are queued
    assert "Queued the reminders" in capsys.readouterr().out
    subject = "Due soon: an action in the action plan: Ardlarich Council"
    assert [message.subject for message in mail.outbox] == [subject] * len(mail.outbox)
    assert {message.to[0] for message in mail.outbox} == {cast.spoc.email, cast.deputy.email}
    Action.objects.create(finding=planned, description="y", owner="y", due=datetime.date.today())
    call_command("send_reminders", "--now")
    assert "Sent reminders about 1 action." in capsys.readouterr().out


def test_support_requests_from_the_host_handled_by_managers(cast, planned, login, check_access):
    url = _url("support", cast)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc)
    assert login(cast.peer).get(url).status_code == 403
    login(cast.spoc).post(url, {"kind": "mentoring", "description": "A mentor for our new deputy SPOC."})
    from assessments.models import SupportRequest

    item = SupportRequest.objects.get()
    assert (
        "Ardlarich Council</a>: Peer-to-peer mentoring (open"
        in login(cast.review_manager).get(reverse("overview")).text
    )
    assert "A mentor for our new deputy SPOC." in login(cast.review_manager).get(url).text
    handle = _url("support_handle", cast, item.pk)
    assert login(cast.spoc).post(handle, {f"r{item.pk}-status": "closed"}).status_code == 403
    login(cast.review_manager).post(
        handle, {f"r{item.pk}-status": "in_progress", f"r{item.pk}-note": "Mentor found."}
    )
    item.refresh_from_db()
    assert (item.status, item.note, item.handled_by) == ("in_progress", "Mentor found.", cast.review_manager)


def _step_ratings(follow_up, steps: dict[int, int]) -> dict[int, int]:
    """Moves each aspect's rating in ``steps`` (aspect number: +1 a step up the scale, -1 down;
    kept on the scale) and returns each aspect's rating before."""
    levels = [level.pk for level in follow_up.framework.rating_levels.order_by("position")]
    responses = follow_up.self_assessment.responses.select_related("aspect", "rating")
    before = {r.aspect.number: r.rating_id for r in responses}
    for response in responses.filter(aspect__number__in=list(steps)):
        position = levels.index(response.rating_id) + steps[response.aspect.number]
        response.rating_id = levels[max(0, min(position, len(levels) - 1))]
        response.save()
    return before


def _comparison_rows(page: str) -> dict[str, str]:
    """The comparison table's rows by aspect number."""
    return {
        row.split("<span")[0].strip(): row
        for row in page.split('<th scope="row" class="govuk-table__header">')[1:]
    }


def test_a_follow_up_starts_from_the_last_answers_and_compares(db, login):
    earlier = import_review(demo_document("ardlarich-2025"))
    manager = User.objects.get(email="manager@demo.example.org")
    manager.is_review_manager = True
    manager.save()
    response = login(manager).post(reverse("follow_up_start", args=[earlier.reference]))
    follow_up = Review.objects.get(previous=earlier)
    assert response["Location"] == reverse("review_edit", args=[follow_up.reference])
    assert (follow_up.stage, follow_up.host) == (Stage.SELF_ASSESSMENT, earlier.host)
    assert follow_up.people.filter(role="spoc").get().email == "spoc@ardlarich.example.org"
    answers = {
        r.aspect.number: r.rating.key
        for r in follow_up.self_assessment.responses.select_related("aspect", "rating")
    }
    assert (len(answers), answers[10]) == (14, "embedded")
    assert not follow_up.self_assessment.is_submitted
    spoc = login(User.objects.get(email="spoc@ardlarich.example.org"))
    page = spoc.get(reverse("comparison", args=[follow_up.reference])).text
    assert "Then and now" in page
    assert "Agree a Prevent information sharing protocol with Police Scotland" in page
    assert ">Up</strong>" not in page  # the copied answers have not moved yet
    # The council now rates aspect 10 one step lower and aspect 1 one step higher.
    before = _step_ratings(follow_up, {1: +1, 10: -1})
    page = spoc.get(reverse("comparison", args=[follow_up.reference])).text
    rows = _comparison_rows(page)
    assert ">Down</strong>" in rows["10"]
    assert page.count(">Down</strong>") == 1
    moved_up = follow_up.self_assessment.responses.get(aspect__number=1).rating_id != before[1]
    assert (">Up</strong>" in rows["1"]) == moved_up
    assert page.count(">Up</strong>") == int(moved_up)
    again = login(manager).post(reverse("follow_up_start", args=[earlier.reference]), follow=True)
    assert again.text.count("has been started already") == 1


def test_closing_a_review_ends_follow_up(cast, planned, login):
    response = login(cast.spoc).post(_url("review_close", cast))
    assert response.status_code == 403
    login(cast.review_manager).post(_url("review_close", cast), {"reason": "Actions kept elsewhere"})
    review = Review.objects.get(pk=cast.review.pk)
    assert review.closed_at is not None
    assert review.stage_transitions.last().to_stage == ""


def test_the_action_plan_pdf_carries_the_marking(cast, planned, login, pdf_text):
    Action.objects.create(
        finding=planned, description="Run a TNA.", owner="SPOC", due=datetime.date(2027, 1, 1)
    )
    pages = pdf_text(login(cast.senior).get(_url("action_plan_pdf", cast)).content)
    assert "Run a TNA." in pages[0]
    assert all(page.count("OFFICIAL") >= 2 for page in pages)


def test_an_action_owned_by_a_council_user_reminds_them(cast, planned, login):
    url = _url("action_create", cast, planned.published.get().pk)
    data = {
        "description": "Agree the plan.",
        "owner": "",
        "owner_user": cast.senior.pk,
        "due_0": "1",
        "due_1": "1",
        "due_2": "2027",
        "status": "not_started",
    }
    assert (
        "Choose an owner at the council or enter"
        in login(cast.spoc).post(url, {**data, "owner_user": ""}).text
    )
    assert login(cast.spoc).post(url, data).status_code == 302
    item = Action.objects.get()
    assert (item.owner_user, item.owner) == (cast.senior, cast.senior.full_name)
    mail.outbox.clear()  # the publication's own e-mails; reminders are what is counted here
    assert send_reminders(today=datetime.date(2026, 12, 20)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [cast.spoc.email, cast.deputy.email, cast.senior.email]
    )


def test_the_team_sees_participating_agencies_on_the_review_page(cast, book_interview, login):
    book_interview(9, who=["police"], team=["lead"])
    page = login(cast.lead_peer).get(reverse("review_detail", args=[cast.review.reference])).text
    assert "Participating agencies" in page
    assert "Detective Inspector" in page
    assert (
        "Participating agencies"
        not in login(cast.spoc).get(reverse("review_detail", args=[cast.review.reference])).text
    )


def test_an_action_changed_from_an_older_copy_shows_both_versions(cast, planned, login):
    item = Action.objects.create(
        finding=planned, description="Train staff", owner="SPOC", due=datetime.date(2027, 1, 1)
    )
    detail = _url("action_detail", cast, item.pk)
    data = {"owner": "SPOC", "due_0": "1", "due_1": "1", "due_2": "2027", "status": "in_progress"}
    login(cast.deputy).post(detail, {**data, "description": "Train every manager", "version": item.version})
    stale = login(cast.spoc).post(detail, {**data, "description": "Train all staff", "version": item.version})
    conflict = stale.text.split('class="app-conflict"')[1].split("<form")[0]
    assert f"The version {escape(cast.deputy.full_name)} saved" in conflict
    assert "Train every manager" in conflict
    assert "Train all staff" in stale.text, "the editor's own words are kept"
    assert Action.objects.get(pk=item.pk).description == "Train every manager"
