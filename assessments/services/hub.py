"""Writes to the SPOCs' knowledge hub: asking, answering, marking the answer that helped, and a
review manager hiding a post. Each tells whom it concerns, in the service and by e-mail at once
or in their digest, as each person chose."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Aspect, DeliveryArea, HubAnswer, HubQuestion
from assessments.rules import programme
from peerreview.accounts.models import User
from peerreview.inbox import services as inbox

TOPIC = "knowledge-hub"
MARKING = "OFFICIAL"


def _tell(person: User, question: HubQuestion, subject: str, body: str, event: str) -> None:
    inbox.notify(
        user=person,
        topic=TOPIC,
        subject=subject,
        body=body,
        url=reverse("hub_question", args=[question.pk]),
        marking=MARKING,
        event=event,
    )


@transaction.atomic
def question_ask(
    *, author: User, title: str, body: str, aspects: Iterable[Aspect], areas: Iterable[DeliveryArea]
) -> HubQuestion:
    """Asks the network; every other member of the hub is told."""
    question = HubQuestion(author=author, title=" ".join(title.split()), body=body.strip())
    question.full_clean()
    question.save()
    question.aspects.set(aspects)
    question.areas.set(areas)
    for member in programme.hub_members().exclude(pk=author.pk):
        _tell(
            member,
            question,
            f"New question on the SPOC knowledge hub: {question.title}",
            f"{author.full_name} asks: {question.body}",
            f"hub-question-{question.pk}",
        )
    return question


@transaction.atomic
def answer_post(*, question: HubQuestion, author: User, body: str) -> HubAnswer:
    """Answers ``question``; the person who asked is told."""
    if question.is_hidden:
        raise ValidationError("This question is hidden, so it takes no answers")
    answer = HubAnswer(question=question, author=author, body=body.strip())
    answer.full_clean()
    answer.save()
    if question.author_id != author.pk:
        _tell(
            question.author,
            question,
            f"Your question has an answer: {question.title}",
            f"{author.full_name} answered: {answer.body}",
            f"hub-answer-{answer.pk}",
        )
    return answer


@transaction.atomic
def answer_mark_helpful(*, question: HubQuestion, answer: HubAnswer, by: User) -> HubQuestion:
    """Marks the answer that helped; its author is thanked."""
    if answer.question_id != question.pk or answer.is_hidden:
        raise ValidationError("Choose an answer to this question")
    question.helpful_answer = answer
    question.save(update_fields=["helpful_answer"])
    if answer.author_id != by.pk:
        _tell(
            answer.author,
            question,
            f"Your answer helped: {question.title}",
            f"{by.full_name} marked your answer as the one that helped. Thank you.",
            f"hub-helped-{answer.pk}",
        )
    return question


@transaction.atomic
def post_hide(*, post: HubQuestion | HubAnswer, reason: str, by: User) -> None:
    """Hides a question or an answer from the network; its author is told why."""
    if post.is_hidden:
        raise ValidationError("This post is hidden already")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the post is hidden: its author is told"})
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason.strip()
    post.full_clean()
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    question = post if isinstance(post, HubQuestion) else post.question
    if isinstance(post, HubAnswer) and question.helpful_answer_id == post.pk:
        question.helpful_answer = None
        question.save(update_fields=["helpful_answer"])
    kind = "question" if isinstance(post, HubQuestion) else "answer"
    _tell(
        post.author,
        question,
        f"A review manager hid your {kind} on the SPOC knowledge hub",
        f"{by.full_name} hid your {kind} from the network. The reason: {post.hidden_reason}",
        f"hub-hidden-{kind}-{post.pk}",
    )
