"""The self-assessment framework as data: delivery areas, aspects and the rating scale.

A framework is versioned data: a new one is added as rows, not code, and a review keeps the
framework it started with.
"""

from django.db import models
from django.utils.functional import cached_property


class Framework(models.Model):
    key = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    # Read once per loaded framework: a page's forms and lists share the review's framework, and
    # a framework's rows are never changed once loaded.
    @cached_property
    def aspect_list(self) -> list["Aspect"]:
        """Its aspects, by number, each with its delivery area."""
        return list(self.aspects.select_related("area"))

    def aspects_by_area(self) -> list["Aspect"]:
        """Its aspects in the order the self-assessment lists them: by area, then number."""
        return sorted(self.aspect_list, key=lambda aspect: (aspect.area.position, aspect.number))

    @cached_property
    def area_list(self) -> list["DeliveryArea"]:
        """Its delivery areas, in the framework's order."""
        return list(self.areas.all())


class DeliveryArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(max_length=64)
    title = models.CharField(max_length=100)
    description = models.TextField(help_text="What the area covers, as the report's background lists it.")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="area_key_unique"),
            models.UniqueConstraint(fields=["framework", "position"], name="area_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Aspect(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    area = models.ForeignKey(
        DeliveryArea,
        on_delete=models.PROTECT,
        related_name="aspects",
        help_text="The delivery area the aspect is reported under by default.",
    )

    class Meta:
        ordering = ["framework_id", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="aspect_number_unique")]

    def __str__(self) -> str:
        return f"Aspect {self.number}"


class RatingLevel(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rating_levels")
    key = models.SlugField(max_length=64)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(help_text="Lowest first.")

    class Meta:
        ordering = ["framework_id", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="rating_key_unique")]

    def __str__(self) -> str:
        return self.label
