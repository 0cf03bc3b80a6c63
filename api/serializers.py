"""What the API says of each thing: plain fields named as the exchange format names them, dates
in ISO 8601. Nothing here decides who sees what: the views read through the access rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import ActionStatus, FindingKind, Stage, SupportKind, SupportStatus


class PlanSerializer(serializers.Serializer):
    self_assessment_due = serializers.DateField(allow_null=True)
    evidence_due = serializers.DateField(allow_null=True)
    key_findings_on = serializers.DateField(allow_null=True)
    draft_report_due = serializers.DateField(allow_null=True)
    publication_due = serializers.DateField(allow_null=True)
    action_plan_due = serializers.DateField(allow_null=True)
    progress_review_on = serializers.DateField(allow_null=True)


class ReviewSerializer(serializers.Serializer):
    reference = serializers.SlugField()
    host = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField()
    closed = serializers.BooleanField()
    on_site_start = serializers.DateField(allow_null=True)
    on_site_end = serializers.DateField(allow_null=True)
    plan = PlanSerializer(allow_null=True)


class EvidenceSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    filename = serializers.CharField()
    aspects = serializers.ListField(child=serializers.IntegerField())
    added_at = serializers.DateTimeField()


class AnswerSerializer(serializers.Serializer):
    aspect = serializers.IntegerField()
    area = serializers.SlugField()
    text = serializers.CharField(help_text="The aspect's wording in the framework.")
    rating = serializers.CharField(allow_null=True, help_text="The rating level's key.")
    rating_label = serializers.CharField(allow_null=True)
    narrative = serializers.CharField(allow_blank=True)
    etag = serializers.CharField(help_text="Send it in If-Match to change this answer.")
    updated_at = serializers.DateTimeField(allow_null=True)


class SelfAssessmentSerializer(serializers.Serializer):
    submitted_on = serializers.DateField(allow_null=True)
    rating_levels = serializers.DictField(
        child=serializers.CharField(), help_text="Key: label, lowest first."
    )
    answers = AnswerSerializer(many=True)
    evidence = EvidenceSerializer(many=True)


class _StrictText(serializers.CharField):
    """Text as the document says: a JSON string, never a number or a boolean turned into one, no
    longer than its ``maxLength`` as sent (DRF would measure it after trimming, and Python trims
    control characters such as U+001F as white space, so a text over the limit could pass)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "maxLength": 5000, "pattern": r"^[^\x00]*[^\s\x00][^\x00]*$"})
class WrittenText(_StrictText):
    """Words someone writes: not only white space (it is trimmed), and no NUL character (which
    no database keeps); the document says so, so that a script can know before it sends."""

    def __init__(self, **kwargs):
        super().__init__(max_length=5000, trim_whitespace=True, **kwargs)


@extend_schema_field({"type": "string", "maxLength": 20000, "pattern": r"^[^\x00]*$"})
class WrittenNarrative(_StrictText):
    def __init__(self, **kwargs):
        super().__init__(max_length=20000, allow_blank=True, trim_whitespace=True, **kwargs)


class AnswerWriteSerializer(serializers.Serializer):
    # One of the review's framework's keys (its rating_levels), checked by the view: the document
    # is made without the database (``check --deploy`` makes it), so it says "a key", not which.
    rating = serializers.SlugField(
        allow_null=True, max_length=64, help_text="A rating level's key (see rating_levels), or null."
    )
    narrative = WrittenNarrative()

    def validate_rating(self, key: str | None):
        """The review's rating level with this key (the view gives the framework), or None."""
        if key is None:
            return None
        levels = self.context["framework"].rating_levels
        rating = levels.filter(key=key).first()
        if rating is None:
            keys = ", ".join(levels.values_list("key", flat=True))
            raise serializers.ValidationError(f"Give one of the rating levels' keys: {keys}")
        return rating


class FindingSerializer(serializers.Serializer):
    area = serializers.SlugField(source="area.key")
    area_title = serializers.CharField(source="area.title")
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    aspects = serializers.ListField(child=serializers.IntegerField())
    text = serializers.CharField()


class PublishedFindingsSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        allow_null=True, help_text="The published version; null before the first."
    )
    findings = FindingSerializer(many=True)


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField()
    by = serializers.CharField(source="by.full_name", allow_null=True, default=None)
    at = serializers.DateTimeField()


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    finding = serializers.CharField(help_text="The suggested improvement, as the latest version words it.")
    area = serializers.SlugField()
    in_report = serializers.BooleanField(help_text="False once a later version no longer lists the finding.")
    description = serializers.CharField()
    owner = serializers.CharField()
    due = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    completed_on = serializers.DateField(allow_null=True)
    progress = ProgressSerializer(many=True)
    etag = serializers.CharField(help_text="Send it in If-Match to add progress.")


class ProgressWriteSerializer(serializers.Serializer):
    text = WrittenText()


class SupportRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    description = serializers.CharField()
    aspects = serializers.ListField(child=serializers.IntegerField())
    status = serializers.ChoiceField(choices=SupportStatus.choices)
    note = serializers.CharField(allow_blank=True)
    requested_at = serializers.DateTimeField()
    handled_at = serializers.DateTimeField(allow_null=True)


class CountSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField()


class AspectRatingsSerializer(serializers.Serializer):
    aspect = serializers.IntegerField()
    name = serializers.CharField()
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text="In the order of rating_levels."
    )
    total = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    reviews_by_stage = CountSerializer(many=True)
    improvements_by_area = CountSerializer(many=True)
    overdue_actions_by_council = CountSerializer(many=True)
    rating_levels = serializers.ListField(child=serializers.CharField())
    ratings_by_aspect = AspectRatingsSerializer(many=True)
