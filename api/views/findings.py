"""Published findings, by delivery area and kind: only ever as the latest published version
words them (``assessments.reads.published``), never the team's draft."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response

from api.serializers import PublishedFindingsSerializer
from api.views.base import ApiView
from assessments.models import ReportVersion
from assessments.reads.published import published_findings
from assessments.rules.access import Permission, review_for


class PublishedFindings(ApiView):
    @extend_schema(
        operation_id="published_findings_list",
        responses=PublishedFindingsSerializer,
        examples=[
            OpenApiExample(
                "Version 1 of a report",
                value={
                    "version": 1,
                    "findings": [
                        {
                            "area": "leadership",
                            "area_title": "Leadership",
                            "kind": "good_practice",
                            "aspects": [1, 2],
                            "text": "The Prevent Duty is championed by the chief executive.",
                        }
                    ],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request, reference: str):
        """The good practice and suggested improvements of the latest published report, in the
        report's order; none (and ``version`` null) before the first is published."""
        review = review_for(request.user, reference, Permission.VIEW_PUBLISHED_REPORT)
        version = ReportVersion.objects.latest_for(review)
        findings = list(published_findings(review))
        data = {"version": version.number if version else None, "findings": findings}
        return Response(PublishedFindingsSerializer(data).data)
