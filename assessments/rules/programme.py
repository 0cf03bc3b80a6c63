"""Who may use the programme's pages outside any one review: setting up reviews, the national
overview, the good-practice library and search, the programme's people and mentoring, and the
SPOCs' knowledge hub. The rules of one
review (who may do what on it, and when) are ``access``'s table; these are the rest, in one place.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from assessments.models import HubQuestion, MatchStatus, MentoringMatch, ReviewPerson, Role
from assessments.rules import access
from peerreview.accounts.models import AnyUser, User


def is_programme_manager(user: AnyUser) -> bool:
    """A programme review manager, signed in and active: who every programme-wide page below
    that is the managers' asks for."""
    return bool(user.is_authenticated and user.is_active and user.is_review_manager)


def require_library(user: AnyUser) -> None:
    """The good-practice library is for everyone who works on a review (any current role) and the
    programme's review managers; to anyone else it does not exist (404)."""
    if not (user.is_authenticated and user.is_active):
        raise Http404("No such page")
    if not (user.is_review_manager or ReviewPerson.objects.current().filter(user=user).exists()):
        raise Http404("No such page")


def require_programme_manager(user: AnyUser) -> None:
    """Setting up reviews is for the programme's review managers only."""
    if not is_programme_manager(user):
        raise PermissionDenied("Only review managers can set up reviews")


def require_overview(user: AnyUser) -> None:
    """The national overview is for the programme's review managers; to anyone else it does
    not exist (404), so that no council learns even that figures across councils are kept."""
    if not is_programme_manager(user):
        raise Http404("No such page")


def may_read_people_directory(user: AnyUser) -> bool:
    """The programme's directory of people (and the peers it suggests for a team), and keeping
    another person's profile in it, are for its review managers. Everyone keeps their own."""
    return is_programme_manager(user)


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


def mentors_shown(matches: Iterable[MentoringMatch], *, handling: bool) -> list[MentoringMatch]:
    """The matches of a request a reader sees on the support page: a review manager who handles
    support, every one; the council, only a mentor who has accepted (who was asked, or declined,
    is not theirs to know)."""
    return [match for match in matches if handling or match.status == MatchStatus.ACCEPTED]


def may_answer_mentoring(match: MentoringMatch) -> bool:
    """A mentor answers once, while the review is open."""
    return match.status == MatchStatus.PROPOSED and match.support.review.closed_at is None


# Who belongs to the SPOCs' knowledge hub: the councils' SPOCs and deputies and the programme's
# peers, by a role they hold now on any review, and its review managers. Senior officers read
# their council's reports; the hub is for those who do the work.
HUB_ROLES = (Role.SPOC, Role.DEPUTY_SPOC, Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER)


def hub_members() -> QuerySet[User]:
    """Everyone the knowledge hub is for (``HUB_ROLES``), active, once each."""
    holding = ReviewPerson.objects.current().filter(user=OuterRef("pk"), role__in=HUB_ROLES)
    return User.objects.filter(Q(is_review_manager=True) | Q(Exists(holding)), is_active=True)


def may_use_hub(user: AnyUser, *, held: access.RolesHeld | None = None) -> bool:
    """Whether ``user`` is one of ``hub_members`` (by the roles ``held``, if read already)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_review_manager:
        return True
    if held is not None:
        return bool(held.anywhere & set(HUB_ROLES))
    # Kept on the user, as Django keeps their permissions (``_perm_cache``): a page and the reads
    # it calls each ask, and the answer holds for the request.
    if "_hub_member" not in user.__dict__:
        # One role is enough: a query that stops at the first, however many reviews someone was on.
        found = ReviewPerson.objects.current().filter(user=user, role__in=HUB_ROLES).exists()
        user.__dict__["_hub_member"] = found
    member: bool = user.__dict__["_hub_member"]
    return member


def require_hub(user: AnyUser) -> None:
    """The knowledge hub is for its members (``hub_members``); to anyone else it does not exist."""
    if not may_use_hub(user):
        raise Http404("No such page")


def may_moderate_hub(user: AnyUser) -> bool:
    """Review managers hide posts (with a reason their author is told)."""
    return is_programme_manager(user)


def hub_posts_shown_to(user: AnyUser) -> Q:
    """A filter on questions or answers: those ``user`` reads. A hidden post is read by the
    managers and by its own author (with the reason); by nobody else."""
    if may_moderate_hub(user):
        return Q()
    return Q(hidden_at__isnull=True) | Q(author=user)


def may_mark_helpful(user: AnyUser, question: HubQuestion) -> bool:
    """The person who asked marks the answer that helped them."""
    return question.author_id == user.pk and not question.is_hidden


def require_programme_calendar(user: AnyUser) -> None:
    """The programme's calendar (every review's dates) is for its review managers; to anyone
    else it does not exist (404). Everyone has their own dates in their calendar feed."""
    if not is_programme_manager(user):
        raise Http404("No such page")
