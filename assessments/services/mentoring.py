"""Peer-to-peer mentoring: a council's request matched by a review manager to an expert from the
pool, who accepts or declines; on acceptance both sides are introduced, by e-mail and in the
service; the manager records what came of it.

The mentor is not on the review and never sees it: they read the request's kind, aspects and
description (the request form tells the council so) and, once they accept, who asked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    MatchStatus,
    MentoringMatch,
    PoolProfile,
    SupportKind,
    SupportRequest,
    SupportStatus,
)
from assessments.rules import access, conflicts
from assessments.rules.access import Permission
from assessments.telling.notifications import tell, tell_person
from peerreview.accounts.models import User
from peerreview.inbox import services as inbox
from peerreview.outbox.services import email_queue


def _mentor_refusal(support: SupportRequest, mentor: User) -> str | None:
    review = support.review
    if not PoolProfile.objects.filter(user=mentor, mentoring_consent=True).exists():
        return f"{mentor.full_name} has not agreed to be approached for mentoring"
    mentor_at = mentor.organisation.key if mentor.organisation else None
    if not access.may_hold("peer", mentor_at, review.host.key):
        return f"{mentor.full_name} works at {review.host.name}, so cannot mentor it"
    return conflicts.refusal(
        mentor, host_key=review.host.key, host_name=review.host.name, first_day=None, last_day=None
    )


@transaction.atomic
def mentor_propose(*, support: SupportRequest, mentor: User, by: User) -> MentoringMatch:
    """Asks ``mentor`` to mentor the council that made ``support``, a request for mentoring."""
    if support.kind != SupportKind.MENTORING:
        raise ValidationError("Only a request for peer-to-peer mentoring is matched to a mentor")
    if support.status == SupportStatus.CLOSED:
        raise ValidationError("The request is closed: open it again to match a mentor")
    if refusal := _mentor_refusal(support, mentor):
        raise ValidationError(refusal)
    live = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
    if MentoringMatch.objects.select_for_update().filter(support=support, status__in=live).exists():
        raise ValidationError("This request has a mentor asked or agreed already")
    match = MentoringMatch(support=support, mentor=mentor, proposed_by=by)
    match.full_clean()
    match.save()
    if support.status == SupportStatus.OPEN:
        support.status = SupportStatus.IN_PROGRESS
        support.save(update_fields=["status"])
    review = support.review
    inbox.notify(
        user=mentor,
        topic=f"mentoring-{match.pk}",
        subject=f"Will you mentor {review.host.name}?",
        body=f"{by.full_name} asks whether you would mentor {review.host.name} on Prevent, "
        f"as you agreed to be approached for. The council asked: {support.description}",
        url=reverse("mentoring", args=[match.pk]),
        marking=review.protective_marking,
        event=f"mentoring-asked-{match.pk}",
    )
    return match


@transaction.atomic
def mentor_answer(*, match: MentoringMatch, accept: bool, by: User) -> MentoringMatch:
    """The mentor's answer. Accepting introduces the mentor and the council to each other."""
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError("You have answered already")
    match.status = MatchStatus.ACCEPTED if accept else MatchStatus.DECLINED
    match.answered_at = timezone.now()
    match.full_clean()
    match.save(update_fields=["status", "answered_at"])
    support = match.support
    answer = "accepted" if accept else "declined"
    tell(
        review=support.review,
        permission=Permission.HANDLE_SUPPORT,
        subject=f"Mentoring {answer}",
        lines=[f"{by.full_name} {answer} the request to mentor {support.review.host.name}."],
        url_name="support",
        programme=True,
        event=f"mentoring-{answer}-{match.pk}",
    )
    if accept:
        _introduce(match)
    return match


def _who(person: User) -> str:
    where = f", {person.organisation.name}" if person.organisation else ""
    return f"{person.full_name} ({person.job_title or 'no job title given'}{where}), {person.email}"


def _introduce(match: MentoringMatch) -> None:
    """E-mails each side the other's details, whatever their digest choice (an introduction is
    the point), and tells them in the service."""
    support, mentor = match.support, match.mentor
    review, asker = support.review, support.requested_by
    to_council = f"{_who(mentor)} has agreed to mentor {review.host.name}. Please get in touch."
    if asker is not None and access.can(asker, Permission.VIEW_SUPPORT, review):
        email_queue(to=asker.email, subject=f"Your Prevent mentor: {mentor.full_name}", body=to_council)
        tell_person(
            person=asker,
            review=review,
            permission=Permission.VIEW_SUPPORT,
            subject="Your mentor",
            lines=[to_council],
            url_name="support",
            emailed=True,
        )
    who_asked = _who(asker) if asker is not None else f"the SPOC at {review.host.name}"
    to_mentor = f"Thank you for agreeing to mentor {review.host.name}. The request came from {who_asked}."
    email_queue(to=mentor.email, subject=f"Mentoring {review.host.name}: who to contact", body=to_mentor)
    inbox.notify(
        user=mentor,
        topic=f"mentoring-{match.pk}",
        subject=f"Mentoring {review.host.name}",
        body=to_mentor,
        url=reverse("mentoring", args=[match.pk]),
        marking=review.protective_marking,
        emailed=True,
        event=f"mentoring-introduced-{match.pk}",
    )


@transaction.atomic
def mentoring_outcome_record(*, match: MentoringMatch, outcome: str, by: User) -> MentoringMatch:
    """What the mentoring achieved, once it was accepted: the review's follow-up page shows it
    and the national overview counts it."""
    if match.status != MatchStatus.ACCEPTED:
        raise ValidationError("Only mentoring that was accepted has an outcome")
    match.outcome, match.outcome_at = outcome.strip(), timezone.now()
    match.full_clean()
    match.save(update_fields=["outcome", "outcome_at"])
    return match
