"""Figures across every review, for the programme's review managers: a handful of aggregate
queries, however many reviews there are."""

from dataclasses import dataclass

from django.db.models import Avg, Count, FloatField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone

from assessments.models import (
    Action,
    Aspect,
    AspectResponse,
    RatingLevel,
    ReviewFeedback,
    SelfAssessment,
    Stage,
)
from assessments.reads.programme_years import (
    YearTable,
    improvements_by_year,
    reviews_by_year,
)

# Lowest rating first: red, orange, light blue, green (GOV.UK colours).
SCALE_COLOURS = ["#d4351c", "#f47738", "#5694ca", "#00703c"]


@dataclass
class Bar:
    label: str
    value: float  # a count, or an average
    share: float  # of the largest bar, 0..1, for drawing


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _, value in pairs), default=0) or 1
    return [Bar(label, value, value / top) for label, value in pairs]


def reviews_by_stage(by_year: YearTable | None = None) -> list[Bar]:
    """Open reviews by stage, and those closed: the totals of ``reviews_by_year``'s table."""
    table = by_year or reviews_by_year()
    return _bars(list(zip(table.columns, table.totals(), strict=True)))


def _counts_by_aspect(key_of: dict[int, str]) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """``({aspect number: {rating key: answers}}, {aspect number: wording})`` over submitted
    self-assessments; ``key_of`` gives each rating level's key. Counted by aspect and rating as
    stored, then named here: joining each answer to its aspect and rating to group by their
    wording took the database three times as long."""
    submitted = SelfAssessment.objects.filter(submitted_on__isnull=False).values("pk")
    counted = list(
        AspectResponse.objects.filter(rating__isnull=False, self_assessment__in=submitted)
        .values_list("aspect_id", "rating_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    aspects = Aspect.objects.filter(pk__in={aspect for aspect, _, _ in counted})
    aspect_of = {
        pk: (number, text, framework)
        for pk, number, text, framework in aspects.values_list("pk", "number", "text", "framework_id")
    }
    rows: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    # By aspect number, the newest framework first: its wording names the aspect.
    for aspect, rating, n in sorted(counted, key=lambda row: (aspect_of[row[0]][0], -aspect_of[row[0]][2])):
        number, text, _ = aspect_of[aspect]
        names.setdefault(number, text)
        counts = rows.setdefault(number, {})
        counts[key_of[rating]] = counts.get(key_of[rating], 0) + n
    return rows, names


def ratings_by_aspect() -> tuple[list[str], list[dict]]:
    """Per aspect number (with its wording), how many submitted self-assessments gave each
    rating (all frameworks' scales share their keys; the first framework's labels head the
    columns). Answers still being written, and a follow-up review's answers copied from the
    earlier one, count once submitted."""
    levels = list(RatingLevel.objects.order_by("framework_id", "position").values_list("pk", "key", "label"))
    keys = list(dict.fromkeys(key for _, key, _ in levels))
    labels = {key: label for _, key, label in reversed(levels)}  # the first framework's label wins
    rows, names = _counts_by_aspect({pk: key for pk, key, _ in levels})
    table = []
    for number in sorted(rows):
        counts = [rows[number].get(key, 0) for key in keys]
        total = sum(counts)
        segments, x = [], 0.0
        for index, count in enumerate(counts):
            width = 100 * count / total
            segments.append({"x": round(x, 2), "width": round(width, 2), "colour": SCALE_COLOURS[index % 4]})
            x += width
        table.append(
            {"aspect": number, "name": names[number], "counts": counts, "segments": segments, "total": total}
        )
    return [labels[key] for key in keys], table


def improvements_by_area(by_year: YearTable | None = None) -> list[Bar]:
    """Suggested improvements by delivery area: the totals of ``improvements_by_year``'s table
    (areas with none left out)."""
    table = by_year or improvements_by_year()
    return _bars([(title, n) for title, n in zip(table.columns, table.totals(), strict=True) if n])


def overdue_by_council(limit: int | None = None) -> tuple[list[Bar], Bar | None]:
    """Councils by their overdue actions, most first: the first ``limit`` of them, and the rest
    summed as one bar ("N other councils"), or None when none are left out. One query."""
    counted = list(
        Action.objects.overdue(timezone.localdate())
        .values_list("finding__review__host__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "finding__review__host__name")
    )
    shown, rest = counted[:limit], counted[len(counted[:limit]) :]
    others = None
    if rest:
        label = f"{len(rest)} other council{'s' if len(rest) != 1 else ''}"
        others = Bar(label, sum(n for _, n in rest), 0.0)
    return _bars(shown), others


FEWEST_FOR_COMMENTS = 3  # fewer answers in a year and a comment could be traced to its council


@dataclass
class FeedbackYear:
    year: int
    responses: int
    stages: list[Bar]  # the average usefulness of each stage, 1 to 5
    comments: list[str]  # what to change: only in a year of FEWEST_FOR_COMMENTS answers or more


def _stage_rating(stage: Stage) -> Cast:
    return Cast(KeyTextTransform(stage.value, "ratings"), FloatField())


def feedback_by_year() -> list[FeedbackYear]:
    """The councils' feedback on their reviews, by the year it was given, newest first: the
    counts and averages aggregated by the database (one query), and the comments of the years
    with enough answers (one more). Comments carry no council and are in alphabetical order."""
    year = ExtractYear("submitted_at")  # in the service's time zone
    averages = {stage: Avg(_stage_rating(stage)) for stage in Stage}
    rows = (
        ReviewFeedback.objects.annotate(year=year)
        .values("year")
        .annotate(responses=Count("pk"), **{stage.value: average for stage, average in averages.items()})
        .order_by("-year")
    )
    result = []
    for row in rows:
        given: dict[str, float | None] = dict(row)  # type: ignore[arg-type]  # keys are the stages'
        bars = []
        for stage in Stage:
            if given[stage.value] is None:  # nobody rated it: asked only once a stage has happened
                continue
            average = round(given[stage.value] or 0.0, 1)
            bars.append(Bar(stage.label, average, average / 5))
        result.append(FeedbackYear(row["year"], row["responses"], bars, []))
    enough = [item.year for item in result if item.responses >= FEWEST_FOR_COMMENTS]
    if enough:
        comments: dict[int, list[str]] = {}
        texts = (
            ReviewFeedback.objects.annotate(year=year)
            .filter(year__in=enough)
            .exclude(to_change="")
            .values_list("year", "to_change")
        )
        for when, text in texts:
            comments.setdefault(when, []).append(text)
        for item in result:  # sorted here, not by the database: the same order on every database
            item.comments = sorted(comments.get(item.year, []))
    return result
