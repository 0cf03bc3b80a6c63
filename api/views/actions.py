"""The action plan: each action on a published suggested improvement, with its progress log; a
SPOC's script adds progress as the SPOC would on the action's page, naming the version it read."""

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response

from api import examples
from api.etags import etag, require_match
from api.serializers import ActionSerializer, ProgressWriteSerializer
from api.views.base import ApiView
from assessments.models import Action, PublishedFinding
from assessments.reads.action_plans import action_plan, published_wording
from assessments.rules.access import Permission, object_for, review_for
from assessments.services.follow_up import action_progress_add


def action_etag(action: Action) -> str:
    """Changes with the action itself and with each progress entry added to it."""
    return etag("action", action.pk, action.version, len(action.updates.all()))


def action_data(wording: PublishedFinding | None, action: Action, in_report: bool) -> dict:
    return {
        "id": action.pk,
        "finding": wording.text if wording else "",
        "area": wording.area.key if wording else "",
        "in_report": in_report,
        "description": action.description,
        "owner": action.owner,
        "due": action.due,
        "status": action.status,
        "completed_on": action.completed_on,
        "progress": list(action.updates.all()),
        "etag": action_etag(action),
    }


class ActionList(ApiView):
    @extend_schema(
        operation_id="actions_list", responses=ActionSerializer(many=True), examples=[examples.ACTIONS]
    )
    def get(self, request, reference: str):
        """Every action in the plan, in the plan's order: under each published suggested
        improvement, soonest due first; then actions whose finding a later version dropped."""
        review = review_for(request.user, reference, Permission.VIEW_ACTIONS)
        rows = action_plan(review).rows()
        return Response(ActionSerializer([action_data(*row) for row in rows], many=True).data)


def _action(
    request, reference: str, pk: int, permission: Permission, *, locked: bool = False
) -> tuple[Action, dict]:
    """The action and what the API says of it; ``locked``, its row is held until the transaction
    ends, taken before its progress is read (so the ETag read is the one a write is checked
    against)."""
    review = review_for(request.user, reference, permission)
    actions = Action.objects.select_for_update() if locked else Action.objects.all()
    queryset = actions.with_progress()
    action = object_for(request.user, review, queryset, pk, permission)
    wording, in_report = published_wording(review, action)
    return action, action_data(wording, action, in_report)


class ActionDetail(ApiView):
    @extend_schema(operation_id="action_read", responses=ActionSerializer, examples=[examples.ACTION])
    def get(self, request, reference: str, pk: int):
        """One action, with its progress log and ETag."""
        _action_row, data = _action(request, reference, pk, Permission.VIEW_ACTIONS)
        response = Response(ActionSerializer(data).data)
        response["ETag"] = data["etag"]
        return response


class ActionProgress(ApiView):
    @extend_schema(
        operation_id="action_progress_create",
        request=ProgressWriteSerializer,
        responses={201: ActionSerializer},
        examples=[
            OpenApiExample(
                "Training delivered",
                value={"text": "All 40 front-line staff trained in March."},
                request_only=True,
            )
        ],
    )
    def post(self, request, reference: str, pk: int):
        """Adds a dated entry to an action's progress log, by the host's SPOC or deputy once the
        report is published, while the review is open. ``If-Match`` must carry the action's
        ETag; the answer is the action as it now stands, with its new ETag."""
        written = ProgressWriteSerializer(data=request.data)
        with transaction.atomic():
            # Held until the entry is added: two scripts that read the same version cannot both add.
            action, data = _action(request, reference, pk, Permission.EDIT_ACTIONS, locked=True)
            require_match(request, data["etag"])
            written.is_valid(raise_exception=True)
            action_progress_add(action=action, text=written.validated_data["text"], by=request.user)
        _action_row, data = _action(request, reference, pk, Permission.VIEW_ACTIONS)
        response = Response(ActionSerializer(data).data, status=status.HTTP_201_CREATED)
        response["ETag"] = data["etag"]
        return response
