"""What the SPOCs' knowledge hub shows: its questions, newest first, each with its answers, as
each member may read them (``programme.hub_posts_shown_to``)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from assessments.models import HubAnswer, HubQuestion
from assessments.reads.library import matching
from assessments.rules import programme
from peerreview.accounts.models import AnyUser


def questions(
    user: AnyUser, *, words: str = "", aspect: int | None = None, area: str = ""
) -> QuerySet[HubQuestion]:
    """The questions ``user`` reads, newest first, each with its count of answers shown to them,
    narrowed by ``words`` (title and question), an aspect number or an area's key."""
    if not programme.may_use_hub(user):
        return HubQuestion.objects.none()
    shown = programme.hub_posts_shown_to(user)
    answers_shown = Q(answers__hidden_at__isnull=True) | Q(answers__author=user.pk)
    if programme.may_moderate_hub(user):
        answers_shown = Q(answers__isnull=False)
    found = HubQuestion.objects.filter(shown)
    if aspect is not None:
        found = found.filter(aspects__number=aspect)
    if area:
        found = found.filter(areas__key=area)
    found = (
        found.distinct()
        .annotate(answer_count=Count("answers", filter=answers_shown, distinct=True))
        .select_related("author__organisation")
        .prefetch_related("aspects", "areas")
        .order_by("-asked_at", "-pk")
    )
    return matching(found, ["title", "body"], words) if words else found


def question_with_answers(user: AnyUser, pk: int) -> HubQuestion | None:
    """One question ``user`` reads, its answers they read prefetched (oldest first), or None."""
    answers = HubAnswer.objects.filter(programme.hub_posts_shown_to(user)).select_related(
        "author__organisation", "hidden_by"
    )
    found = (
        HubQuestion.objects.filter(programme.hub_posts_shown_to(user), pk=pk)
        .select_related("author__organisation", "hidden_by")
        .prefetch_related(
            "aspects", "areas", Prefetch("answers", queryset=answers.order_by("answered_at", "pk"))
        )
    )
    return found.first()
