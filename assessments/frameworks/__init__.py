"""Frameworks are data: each JSON file here describes one, and ``load_framework`` adds it.

A framework once used by a review is never edited in place; a changed framework is a new file
with a new key, so that every review keeps the framework it started with.
"""

import json
from pathlib import Path

from django.db import transaction

FRAMEWORK_DIR = Path(__file__).resolve().parent
DEFAULT_FRAMEWORK = "prevent-scotland-2019"


def framework_file(key: str) -> Path:
    return FRAMEWORK_DIR / f"{key}.json"


def framework_read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def framework_load(data: dict, *, apps=None):
    """Creates the framework that ``data`` describes, unless its key exists already.

    ``apps`` is a migration's app registry (historical models) or None for the current models.
    Returns the framework.
    """
    if apps is None:
        from django.apps import apps as current_apps

        apps = current_apps
    framework_model = apps.get_model("assessments", "Framework")
    area_model = apps.get_model("assessments", "DeliveryArea")
    aspect_model = apps.get_model("assessments", "Aspect")
    rating_model = apps.get_model("assessments", "RatingLevel")

    existing = framework_model.objects.filter(key=data["key"]).first()
    if existing is not None:
        return existing
    framework = framework_model.objects.create(key=data["key"], title=data["title"])
    areas = {}
    for position, area in enumerate(data["areas"], start=1):
        areas[area["key"]] = area_model.objects.create(
            framework=framework,
            key=area["key"],
            title=area["title"],
            description=area["description"],
            position=position,
        )
    aspect_model.objects.bulk_create(
        aspect_model(
            framework=framework, number=aspect["number"], text=aspect["text"], area=areas[aspect["area"]]
        )
        for aspect in data["aspects"]
    )
    rating_model.objects.bulk_create(
        rating_model(framework=framework, key=level["key"], label=level["label"], position=position)
        for position, level in enumerate(data["rating_scale"], start=1)
    )
    return framework
