"""Support requests of a review, and the national overview's figures for the programme."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api import examples
from api.serializers import OverviewSerializer, SupportRequestSerializer
from api.views.base import ApiView
from assessments.reads.overview import (
    improvements_by_area,
    overdue_by_council,
    ratings_by_aspect,
    reviews_by_stage,
)
from assessments.rules.access import Permission, review_for
from assessments.rules.programme import require_overview


class SupportRequests(ApiView):
    @extend_schema(
        operation_id="support_requests_list",
        responses=SupportRequestSerializer(many=True),
        examples=[examples.SUPPORT_REQUESTS],
    )
    def get(self, request, reference: str):
        """The council's requests for support, oldest first, with how each is being handled:
        read by the host's contacts and the review managers."""
        review = review_for(request.user, reference, Permission.VIEW_SUPPORT)
        requests = review.support_requests.order_by("requested_at", "pk")
        return Response(SupportRequestSerializer(requests, many=True).data)


class Overview(ApiView):
    @extend_schema(operation_id="overview_read", responses=OverviewSerializer, examples=[examples.OVERVIEW])
    def get(self, request):
        """The national overview's figures, as its page and spreadsheet give them: review
        managers only."""
        require_overview(request.user)
        levels, by_aspect = ratings_by_aspect()
        overdue, others = overdue_by_council()
        data = {
            "reviews_by_stage": reviews_by_stage(),
            "improvements_by_area": improvements_by_area(),
            "overdue_actions_by_council": overdue + ([others] if others else []),
            "rating_levels": levels,
            "ratings_by_aspect": by_aspect,
        }
        return Response(OverviewSerializer(data).data)
