"""Reads across reviews: the good-practice library and search.

The library holds only what councils agreed to share, in the wording of their latest published
report: a finding the council did not agree to share, a draft's wording, or a finding a later
version no longer lists never appears. Search finds only what its user could open
(``access.reviews_permitting``).

Words are matched by PostgreSQL's full-text search (English configuration, ranked, on indexed
vectors) in production; on SQLite, the embedded default, every word must appear in the text
(a simpler match, unranked, newest first).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import NotSupportedError, connection
from django.db.models import Exists, F, Lookup, OuterRef, Q, QuerySet

from assessments.models import (
    Action,
    Finding,
    FindingKind,
    HubQuestion,
    PublishedFinding,
    ReportVersion,
    Review,
    SharingConsent,
    SupportRequest,
)
from assessments.rules import access, programme
from assessments.rules.access import Permission
from peerreview.accounts.models import AnyUser

CONFIG = "english"


def matching(queryset: QuerySet[Any], fields: list[str], words: str) -> QuerySet[Any]:
    """``queryset`` narrowed to rows whose ``fields`` hold ``words``: ranked full-text search on
    PostgreSQL; on SQLite, every word somewhere in the fields."""
    words = " ".join(words.split())
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector(*fields, config=CONFIG)
        query = SearchQuery(words, config=CONFIG, search_type="websearch")
        return (
            queryset.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by("-rank", *queryset.query.order_by)
        )
    for word in words.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class ListHolds(Lookup):
    """A JSON list holds a number: ``ListHolds(F("aspects"), 3)``. PostgreSQL asks its ``@>``;
    SQLite, where Django has no ``contains`` on JSON, looks through the list with ``json_each``."""

    prepare_rhs = False  # the number itself, not the number as JSON

    def as_sql(self, compiler, connection):
        raise NotSupportedError("A list's numbers are looked up on PostgreSQL and SQLite only")

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} @> jsonb_build_array(%s)", [*params, self.rhs]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)", [*params, self.rhs]


def _in_newest_version() -> Q:
    """A published finding of the newest published version of its report."""
    # On PostgreSQL the order is an index's (``report_published_order``) and each row is asked
    # whether its version is the newest as the walk reaches it, so the database walks reports
    # newest first and stops at the page's end: a page costs the same at 2 reviews as at 1,000.
    # SQLite, with no statistics unless ANALYZE is run, plans that walk as a scan of every
    # finding and a subquery for each; the newest versions read once, as a set, suit its scan.
    if connection.vendor == "postgresql":
        return ~Q(Exists(ReportVersion.objects.after_outer("version")))
    return Q(version__in=ReportVersion.objects.newest())


def shared_good_practice(
    *, area: str = "", aspect: int | None = None, year: int | None = None, words: str = ""
) -> QuerySet[PublishedFinding]:
    """Shared good practice, newest report first (of reports published the same day, the
    latest review's first), each report's in its own order: from the latest published version
    of each review, only findings its council agreed to share. Unevaluated, and filtered in the
    database, so that a page of it reads that page alone, however much the programme shares."""
    found: QuerySet[PublishedFinding] = (
        PublishedFinding.objects.filter(
            Exists(SharingConsent.objects.filter(finding=OuterRef("finding"))),
            _in_newest_version(),
            kind=FindingKind.GOOD_PRACTICE,
        )
        .select_related(
            "area", "version__report__review__host", "version__report__review__spoc_contact__user"
        )
        # Only what the library shows: a version's documents and a report's text are the
        # heaviest columns in the database, and SQLite would carry every column loaded through
        # its sort of all the shared findings (at 1,000 reviews, 12.7 ms against 17.7).
        .only(
            "text",
            "aspects",
            "position",
            "area__title",
            "version__report__published_on",
            "version__report__review__host__name",
            "version__report__review__spoc_contact__user__email",
            "version__report__review__spoc_contact__user__is_active",
        )
        .order_by("-version__report__published_on", "-version__report__review_id", "position", "pk")
    )
    if area:
        found = found.filter(area__key=area)
    if aspect is not None:
        found = found.filter(ListHolds(F("aspects"), aspect))
    if year:
        found = found.filter(version__report__published_on__year=year)
    return matching(found, ["text"], words)


def contact_of(item: PublishedFinding) -> str:
    """The e-mail address of the SPOC who agreed to be asked about ``item``; "" if none did."""
    contact = getattr(item.version.report.review, "spoc_contact", None)
    if contact is None or not contact.user.is_active:
        return ""
    return str(contact.user.email)


# What search looks in, with each kind's heading.
KINDS = {
    "reviews": "Reviews",
    "findings": "Findings",
    "actions": "Actions",
    "support": "Support requests",
    "hub": "Knowledge hub questions",
}


@dataclass
class SearchResults:
    """Each kind's matches, unevaluated: the page counts them and loads the rows it shows."""

    reviews: QuerySet[Review]
    findings: QuerySet[Finding]
    actions: QuerySet[Action]
    support: QuerySet[SupportRequest]
    hub: QuerySet[HubQuestion]

    def of(self, kind: str) -> QuerySet[Any]:
        if kind not in KINDS:
            raise ValueError(f"Search has no {kind!r}")
        found: QuerySet[Any] = getattr(self, kind)
        return found


def search(user: AnyUser, words: str) -> SearchResults:
    """Reviews, findings, actions, support requests and knowledge hub questions holding
    ``words``, among those ``user`` could open, best match first (newest first on SQLite)."""
    visible = access.visible_reviews(user)
    reviews = matching(
        visible.select_related("host").order_by("-on_site_start", "reference"),
        ["reference", "host__name"],
        words,
    )
    findings = matching(
        Finding.objects.filter(review__in=access.reviews_permitting(user, Permission.VIEW_FINDINGS))
        .select_related("review__host", "area")
        .order_by("-review__on_site_start", "position", "pk"),
        ["text"],
        words,
    )
    actions = matching(
        Action.objects.filter(finding__review__in=access.reviews_permitting(user, Permission.VIEW_ACTIONS))
        .select_related("finding__review__host")
        .order_by(F("due").desc(), "pk"),
        ["description", "owner"],
        words,
    )
    support = matching(
        SupportRequest.objects.filter(review__in=access.reviews_permitting(user, Permission.VIEW_SUPPORT))
        .select_related("review__host")
        .order_by("-requested_at", "pk"),
        ["description"],
        words,
    )
    hub = matching(
        HubQuestion.objects.filter(programme.hub_posts_shown_to(user)).order_by("-asked_at", "-pk")
        if programme.may_use_hub(user)
        else HubQuestion.objects.none(),
        ["title", "body"],
        words,
    )
    return SearchResults(reviews=reviews, findings=findings, actions=actions, support=support, hub=hub)
