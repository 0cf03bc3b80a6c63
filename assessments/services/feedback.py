"""The council's feedback on its review: the invitation when the report is first published, one
reminder two weeks later, and the answers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.lifecycle import stages
from assessments.models import FeedbackReminderSent, ReportVersion, Review, ReviewFeedback
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.telling.notifications import tell_person
from peerreview.accounts.models import User

REMIND_AFTER = datetime.timedelta(days=14)
ASKED = "How useful was the Prevent peer review?"


def feedback_invite(*, review: Review) -> int:
    """Invites the host contacts who may give feedback now. Returns how many."""
    invited = 0
    for person in access.people_who_may(review, Permission.GIVE_FEEDBACK):
        invited += tell_person(
            person=person,
            review=review,
            permission=Permission.GIVE_FEEDBACK,
            subject=ASKED,
            lines=[
                "The review report is published. The Scottish Government would be grateful to hear how "
                "useful each stage of the review was and what to change: a few questions, a few minutes."
            ],
            url_name="feedback",
            event=f"feedback-asked-{review.pk}",  # asked once, however often publication is announced
        )
    return invited


def feedback_remind(*, now: datetime.datetime) -> int:
    """Reminds, once, each host contact invited two weeks ago or more who has not answered."""
    first = ReportVersion.objects.filter(number=1, published_at__lte=now - REMIND_AFTER)
    reviews = Review.objects.open().filter(report__versions__in=first).select_related("host").distinct()
    reminded = 0
    for review in reviews:
        answered = set(ReviewFeedback.objects.filter(review=review).values_list("respondent_id", flat=True))
        for person in access.people_who_may(review, Permission.GIVE_FEEDBACK):
            if person.pk in answered:
                continue
            try:
                with transaction.atomic():
                    FeedbackReminderSent.objects.create(review=review, user=person)
                    reminded += tell_person(
                        person=person,
                        review=review,
                        permission=Permission.GIVE_FEEDBACK,
                        subject=f"Reminder: {ASKED[0].lower()}{ASKED[1:]}",
                        lines=["There is still time to tell us how useful the review was."],
                        url_name="feedback",
                    )
            except IntegrityError:
                continue  # reminded on an earlier run
    return reminded


@transaction.atomic
def feedback_give(*, review: Review, ratings: dict[str, int], to_change: str, by: User) -> ReviewFeedback:
    if not access.can(by, Permission.GIVE_FEEDBACK, review):
        raise ValidationError("Feedback is asked of the council's contacts once the report is published")
    if ReviewFeedback.objects.filter(review=review, respondent=by).exists():
        raise ValidationError("You have already told us how the review went. Thank you")
    reached = {stage.value for stage in stages.stages_reached(review)}  # none not yet happened
    if set(ratings) != reached or not all(1 <= v <= 5 for v in ratings.values()):
        raise ValidationError("Say how useful each stage so far was, from 1 to 5")
    feedback = ReviewFeedback(review=review, respondent=by, ratings=ratings, to_change=to_change.strip())
    feedback.full_clean()
    feedback.save()
    return feedback
