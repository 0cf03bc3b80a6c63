"""The SPOCs' knowledge hub (issue 32): members ask the network, answer and thank; review
managers hide a post with a reason its author is told; senior officers and outsiders never
reach it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Aspect, HubAnswer, HubQuestion
from assessments.services.hub import answer_post, post_hide, question_ask
from peerreview.audit.models import AuditEvent
from peerreview.inbox.models import Notification
from tests.queries import statements

HUB = reverse("hub")


def _ask(cast, *, title="How do you run Prevent training for school staff?"):
    return question_ask(
        author=cast.spoc, title=title, body="We are refreshing our training plan.",
        aspects=Aspect.objects.filter(framework=cast.review.framework, number=5), areas=[],
    )  # fmt: skip


def test_the_hub_is_for_spocs_peers_and_managers(cast, check_access):
    question = _ask(cast)
    for url in (HUB, reverse("hub_ask"), reverse("hub_question", args=[question.pk])):
        check_access(url, outsider=cast.senior, allowed=cast.other_spoc)
        check_access(url, outsider=cast.senior, allowed=cast.peer_elsewhere)
    hide = reverse("hub_hide_question", args=[question.pk])
    check_access(hide, outsider=cast.senior, forbidden=cast.lead_peer, allowed=cast.review_manager)


def test_a_question_reaches_every_other_member(cast, login):
    response = login(cast.spoc).post(
        reverse("hub_ask"), {"title": "Venue hire policies?", "body": "Does anyone have a good one?"}
    )
    question = HubQuestion.objects.get()
    assert response["Location"] == reverse("hub_question", args=[question.pk])
    told = set(
        Notification.objects.filter(subject__contains="Venue hire policies?").values_list(
            "user__email", flat=True
        )
    )
    members = {cast.other_spoc, cast.lead_peer, cast.peer, cast.peer_elsewhere, cast.review_manager}
    assert {person.email for person in members} <= told
    assert cast.spoc.email not in told
    assert cast.senior.email not in told


def test_an_answer_from_another_council_is_thanked(cast, login):
    question = _ask(cast)
    page = reverse("hub_question", args=[question.pk])
    assert login(cast.other_spoc).post(page, {"body": "We use a short e-learning module."}).status_code == 302
    answer = HubAnswer.objects.get()
    assert Notification.objects.filter(
        user=cast.spoc, subject__startswith="Your question has an answer"
    ).exists()
    helpful = reverse("hub_helpful", args=[answer.pk])
    assert login(cast.lead_peer).post(helpful).status_code == 403
    assert login(cast.spoc).post(helpful).status_code == 302
    assert HubQuestion.objects.get().helpful_answer == answer
    assert Notification.objects.filter(
        user=cast.other_spoc, subject__startswith="Your answer helped"
    ).exists()
    assert "The answer that helped" in login(cast.peer).get(page).text


def test_a_manager_hides_a_post_with_a_reason_its_author_is_told(cast, login):
    question = _ask(cast)
    answer = answer_post(
        question=question, author=cast.other_spoc, body="Call me on 07700 900123 about the case."
    )
    hide = reverse("hub_hide_answer", args=[answer.pk])
    manager = login(cast.review_manager)
    refused = manager.post(hide, {"reason": ""})
    assert "Enter why the post is hidden: its author is told" in refused.text
    assert manager.post(hide, {"reason": "It gave case details."}).status_code == 302
    page = reverse("hub_question", args=[question.pk])
    assert "07700 900123" not in login(cast.lead_peer).get(page).text
    own = login(cast.other_spoc).get(page).text
    assert "07700 900123" in own
    assert "It gave case details." in own
    told = Notification.objects.get(
        user=cast.other_spoc, subject__startswith="A review manager hid your answer"
    )
    assert "It gave case details." in told.body
    assert AuditEvent.objects.filter(
        object_type="assessments.HubAnswer", kind="change", user=cast.review_manager
    ).exists()


def test_a_hidden_question_is_gone_for_other_members(cast, login):
    question = _ask(cast)
    post_hide(post=question, reason="Posted twice.", by=cast.review_manager)
    page = reverse("hub_question", args=[question.pk])
    assert login(cast.lead_peer).get(page).status_code == 404
    assert "0 questions" in login(cast.lead_peer).get(HUB).text
    assert login(cast.spoc).get(page).status_code == 200
    assert login(cast.review_manager).get(page).status_code == 200


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HUB).status_code == 200
    return len(statements(captured))


def test_the_list_reads_the_same_queries_however_many_questions(cast, login):
    member = login(cast.lead_peer)
    _ask(cast)
    _queries(member)  # the first request after signing in also saves the session
    few = _queries(member)
    for number in range(25):
        question = _ask(cast, title=f"Question {number}")
        answer_post(question=question, author=cast.other_spoc, body="An answer.")
    assert _queries(member) == few
    assert few <= 10
    filtered = member.get(HUB, {"aspect": 5, "words": "Question 3"}).text
    assert "Question 3" in filtered


def test_search_finds_hub_questions_for_members_only(cast, login):
    _ask(cast, title="Referral pathways in rural areas")
    search = reverse("search")
    assert "Referral pathways in rural areas" in login(cast.peer_elsewhere).get(search, {"q": "rural"}).text
    assert "Referral pathways in rural areas" not in login(cast.senior).get(search, {"q": "rural"}).text
