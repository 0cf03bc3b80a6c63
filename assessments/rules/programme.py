"""Who may use the programme's pages outside any one review: setting up reviews, the national
overview, the good-practice library and search, and the programme's people. The rules of one
review (who may do what on it, and when) are ``access``'s table; these are the rest, in one place.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import MatchStatus, MentoringMatch, ReviewPerson
from peerreview.accounts.models import AnyUser


def require_library(user: AnyUser) -> None:
    """The good-practice library is for everyone who works on a review (any current role) and the
    programme's review managers; to anyone else it does not exist (404)."""
    if not (user.is_authenticated and user.is_active):
        raise Http404("No such page")
    if not (user.is_review_manager or ReviewPerson.objects.current().filter(user=user).exists()):
        raise Http404("No such page")


def require_programme_manager(user: AnyUser) -> None:
    """Setting up reviews is for the programme's review managers only."""
    if not (user.is_authenticated and user.is_active and user.is_review_manager):
        raise PermissionDenied("Only review managers can set up reviews")


def require_overview(user: AnyUser) -> None:
    """The national overview is for the programme's review managers; to anyone else it does
    not exist (404), so that no council learns even that figures across councils are kept."""
    if not (user.is_authenticated and user.is_active and user.is_review_manager):
        raise Http404("No such page")


def may_read_people_directory(user: AnyUser) -> bool:
    """The programme's directory of people (and the peers it suggests for a team), and keeping
    another person's profile in it, are for its review managers. Everyone keeps their own."""
    return user.is_authenticated and user.is_active and user.is_review_manager


def require_people_directory(user: AnyUser) -> None:
    """``may_read_people_directory``, or the page does not exist (404)."""
    if not may_read_people_directory(user):
        raise Http404("No such page")


def mentoring_match_for(user: AnyUser, pk: int) -> MentoringMatch:
    """A mentoring match, for its mentor only: they are not on the review, and read no more of
    it than the request they are asked about. To anyone else it does not exist (404); the
    review's managers follow it on the review's support page."""
    if not (user.is_authenticated and user.is_active):
        raise Http404("No such request")
    found = MentoringMatch.objects.select_related("support__review__host", "support__requested_by")
    match = found.filter(pk=pk, mentor=user).first()
    if match is None:
        raise Http404("No such request")
    return match


def may_answer_mentoring(match: MentoringMatch) -> bool:
    """A mentor answers once, while the review is open."""
    return match.status == MatchStatus.PROPOSED and match.support.review.closed_at is None
