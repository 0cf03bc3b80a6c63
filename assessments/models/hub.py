"""The SPOCs' knowledge hub: questions to the network of SPOCs, peers and review managers, and
their answers. It is the programme's, not any review's: nothing in it links to a review."""

from django.conf import settings
from django.db import models

from assessments.models.framework import Aspect, DeliveryArea


class Moderated(models.Model):
    """A post a review manager may hide, with the reason its author is told."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class HubQuestionQuerySet(models.QuerySet["HubQuestion"]):
    def shown(self) -> "HubQuestionQuerySet":
        return self.filter(hidden_at__isnull=True)


class HubQuestion(Moderated):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hub_questions"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    aspects = models.ManyToManyField(Aspect, blank=True, related_name="+")
    areas = models.ManyToManyField(DeliveryArea, blank=True, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    helpful_answer = models.ForeignKey(
        "HubAnswer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = HubQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["hidden_at", "-asked_at"], name="hub_questions_newest")]

    def __str__(self) -> str:
        return self.title


class HubAnswer(Moderated):
    question = models.ForeignKey(HubQuestion, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hub_answers")
    body = models.TextField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_id", "answered_at", "pk"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to question {self.question_id}"
