"""The self-assessment: every aspect's answer and the evidence's details; a SPOC's script
changes an answer as the SPOC would on its page, naming the version it read."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api import examples
from api.etags import etag, require_match
from api.problems import PreconditionFailed
from api.serializers import AnswerSerializer, AnswerWriteSerializer, SelfAssessmentSerializer
from api.views.base import ApiView
from assessments.models import AspectResponse, Evidence, Review
from assessments.rules.access import Permission, review_for
from assessments.services.self_assessment import response_save
from assessments.services.versioning import StaleEdit


def answer_etag(aspect_number: int, version: int) -> str:
    return etag("answer", aspect_number, version)


def answer_data(aspect, response: AspectResponse | None) -> dict:
    rating = response.rating if response is not None else None
    return {
        "aspect": aspect.number,
        "area": aspect.area.key,
        "text": aspect.text,
        "rating": rating.key if rating else None,
        "rating_label": rating.label if rating else None,
        "narrative": response.narrative if response is not None else "",
        "etag": answer_etag(aspect.number, response.version if response is not None else 0),
        "updated_at": response.updated_at if response is not None else None,
    }


def self_assessment_data(review: Review) -> dict:
    responses = {
        response.aspect_id: response
        for response in AspectResponse.objects.filter(self_assessment__review=review).select_related("rating")
    }
    aspects = review.framework.aspects.select_related("area").order_by("area__position", "number")
    evidence = Evidence.objects.current().filter(review=review).with_aspects().order_by("position", "pk")
    self_assessment = getattr(review, "self_assessment", None)
    return {
        "submitted_on": self_assessment.submitted_on if self_assessment else None,
        "rating_levels": dict(review.framework.rating_levels.values_list("key", "label")),
        "answers": [answer_data(aspect, responses.get(aspect.pk)) for aspect in aspects],
        "evidence": [
            {
                "key": item.key,
                "title": item.title,
                "filename": item.filename,
                "aspects": item.aspect_numbers,
                "added_at": item.created_at,
            }
            for item in evidence
        ],
    }


class SelfAssessmentDetail(ApiView):
    @extend_schema(
        operation_id="self_assessment_read",
        responses=SelfAssessmentSerializer,
        examples=[examples.SELF_ASSESSMENT],
    )
    def get(self, request, reference: str):
        """Every aspect's rating and narrative, with each answer's ETag, and the evidence's
        details (not its files). The host's contacts and the review team read it."""
        review = review_for(request.user, reference, Permission.VIEW_SELF_ASSESSMENT)
        return Response(SelfAssessmentSerializer(self_assessment_data(review)).data)


class AnswerDetail(ApiView):
    @extend_schema(
        operation_id="self_assessment_answer_update",
        request=AnswerWriteSerializer,
        responses={200: AnswerSerializer},
        examples=[
            OpenApiExample(
                "Rate aspect 3 and say why",
                value={"rating": "established", "narrative": "Training is refreshed every year."},
                request_only=True,
            )
        ],
    )
    def put(self, request, reference: str, aspect: int):
        """Changes one aspect's answer while the self-assessment is open, by the host's SPOC or
        deputy. ``If-Match`` must carry the answer's ETag (``"answer.<aspect>.0"`` for an
        aspect nobody has answered)."""
        review = review_for(request.user, reference, Permission.EDIT_SELF_ASSESSMENT)
        found = review.framework.aspects.select_related("area").filter(number=aspect).first()
        if found is None:
            raise NotFound(f"This review's framework has no aspect {aspect}")
        current = AspectResponse.objects.filter(self_assessment__review=review, aspect=found).first()
        version = current.version if current is not None else 0
        require_match(request, answer_etag(aspect, version))
        written = AnswerWriteSerializer(data=request.data, context={"framework": review.framework})
        written.is_valid(raise_exception=True)
        try:
            saved = response_save(
                review=review,
                aspect=found,
                rating=written.validated_data["rating"],
                narrative=written.validated_data["narrative"],
                evidence=[],
                evidence_shown=[],
                expected_version=version,
                by=request.user,
            )
        except StaleEdit as stale:
            raise PreconditionFailed(answer_etag(aspect, stale.current.version)) from stale
        response = Response(AnswerSerializer(answer_data(found, saved)).data)
        response["ETag"] = answer_etag(aspect, saved.version)
        return response
