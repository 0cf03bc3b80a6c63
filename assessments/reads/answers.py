"""A self-assessment's answers grouped as the framework groups its aspects: by area in report
order, each aspect with its answer and the documents supporting it. Read by the self-assessment
pages and by the self-assessment's documents (Word, workbook)."""

from typing import Any

from assessments.models import Review


def answers_by_area(
    review: Review, responses: dict[int, Any], evidence: dict[int, Any] | None = None
) -> list[dict[str, Any]]:
    """The framework's areas in report order, each with its aspects, their answers and (where
    given) the documents supporting each."""
    areas: dict[str, dict[str, Any]] = {}
    for aspect in review.framework.aspects_by_area():
        area = areas.setdefault(aspect.area.key, {"area": aspect.area, "aspects": []})
        area["aspects"].append(
            {
                "aspect": aspect,
                "response": responses.get(aspect.number),
                "evidence": (evidence or {}).get(aspect.number, []),
            }
        )
    return list(areas.values())


def aspect_number_after(review: Review, number: int) -> int | None:
    """The aspect that follows aspect ``number`` in the order the self-assessment lists them (by
    area, then number), which "Save and continue" walks; None after the last."""
    order = [aspect.number for aspect in review.framework.aspects_by_area()]
    place = order.index(number)
    return order[place + 1] if place + 1 < len(order) else None
