"""Reviews: those the token's person may see, and one of them."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from api.serializers import ReviewSerializer
from api.views.base import ApiView
from assessments.models import Review
from assessments.rules.access import review_for, visible_reviews

PLAN_FIELDS = (
    "self_assessment_due",
    "evidence_due",
    "key_findings_on",
    "draft_report_due",
    "publication_due",
    "action_plan_due",
    "progress_review_on",
)

REVIEW_EXAMPLE = OpenApiExample(
    "A review at its report stage",
    value={
        "reference": "ardlarich-2026",
        "host": "Ardlarich Council",
        "stage": "report",
        "stage_label": "Review report",
        "closed": False,
        "on_site_start": "2026-03-02",
        "on_site_end": "2026-03-04",
        "plan": dict.fromkeys(PLAN_FIELDS) | {"publication_due": "2026-05-29"},
    },
    response_only=True,
)


def review_data(review: Review) -> dict:
    plan = getattr(review, "plan", None)  # a review set up before plans has none
    return {
        "reference": review.reference,
        "host": review.host.name,
        "stage": review.stage,
        "stage_label": review.get_stage_display(),
        "closed": review.closed_at is not None,
        "on_site_start": review.on_site_start,
        "on_site_end": review.on_site_end,
        "plan": {field: getattr(plan, field) for field in PLAN_FIELDS} if plan is not None else None,
    }


class ReviewList(ApiView, ListAPIView):
    """The reviews the token's person may see: all of them for a review manager, otherwise those
    they hold a role on. Newest first, 50 a page."""

    serializer_class = ReviewSerializer

    def get_queryset(self):
        return (
            visible_reviews(self.request.user).select_related("host", "plan").order_by("-created_at", "-pk")
        )

    @extend_schema(operation_id="reviews_list", examples=[REVIEW_EXAMPLE])
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReviewSerializer([review_data(r) for r in page], many=True).data)


class ReviewDetail(ApiView):
    @extend_schema(operation_id="review_read", responses=ReviewSerializer, examples=[REVIEW_EXAMPLE])
    def get(self, request, reference: str):
        """One review: its stage and plan dates (404 for a review the person may not see)."""
        return Response(ReviewSerializer(review_data(review_for(request.user, reference))).data)
