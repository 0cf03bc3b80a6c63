"""The examples the API's document gives for each operation's answer: what a script sees."""

from drf_spectacular.utils import OpenApiExample

_PROGRESS = {
    "text": "All 40 front-line staff trained in March.",
    "by": "Jo Ross",
    "at": "2026-04-02T10:15:00Z",
}
_ACTION = {
    "id": 12,
    "finding": "Refresh the Prevent training needs analysis.",
    "area": "capabilities",
    "in_report": True,
    "description": "Refresh the training needs analysis with HR",
    "owner": "Prevent lead",
    "due": "2026-09-30",
    "status": "in_progress",
    "completed_on": None,
    "progress": [_PROGRESS],
    "etag": '"action.12.3.1"',
}

ACTIONS = OpenApiExample("An action with progress", value=[_ACTION], response_only=True)
ACTION = OpenApiExample("An action with progress", value=_ACTION, response_only=True)
SELF_ASSESSMENT = OpenApiExample(
    "A self-assessment being written",
    value={
        "submitted_on": None,
        "rating_levels": {
            "not-started": "Not started",
            "developing": "Developing",
            "established": "Established",
        },
        "answers": [
            {
                "aspect": 3,
                "area": "leadership",
                "text": "There is a Prevent lead with the seniority to deliver it.",
                "rating": "established",
                "rating_label": "Established",
                "narrative": "The Head of Communities leads, reporting to the CMT.",
                "etag": '"answer.3.2"',
                "updated_at": "2026-01-20T14:02:00Z",
            }
        ],
        "evidence": [
            {
                "key": "E1",
                "title": "Prevent action plan 2025-26",
                "filename": "prevent-plan.pdf",
                "aspects": [3, 4],
                "added_at": "2026-01-18T09:30:00Z",
            }
        ],
    },
    response_only=True,
)
SUPPORT_REQUESTS = OpenApiExample(
    "A request for mentoring, being handled",
    value=[
        {
            "id": 4,
            "kind": "mentoring",
            "description": "Help with our training needs analysis.",
            "aspects": [5],
            "status": "in_progress",
            "note": "A mentor from another council has accepted.",
            "requested_at": "2026-05-02T11:00:00Z",
            "handled_at": "2026-05-06T09:00:00Z",
        }
    ],
    response_only=True,
)
OVERVIEW = OpenApiExample(
    "The programme in figures",
    value={
        "reviews_by_stage": [{"label": "Self-assessment", "value": 3}, {"label": "Closed", "value": 9}],
        "improvements_by_area": [{"label": "Leadership", "value": 14}],
        "overdue_actions_by_council": [{"label": "Ardlarich Council", "value": 2}],
        "rating_levels": ["Not started", "Developing", "Established"],
        "ratings_by_aspect": [{"aspect": 1, "name": "Leadership", "counts": [0, 4, 8], "total": 12}],
    },
    response_only=True,
)
