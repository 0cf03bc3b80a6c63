"""Each object a script may change carries a version, given as its ``ETag``; a write must name
it in ``If-Match``, or it is refused (412) with the current one, as the pages refuse a stale
edit."""

from rest_framework.request import Request

from api.problems import PreconditionFailed

MISSING = "Send the ETag you read in an If-Match header, so that nobody's change is overwritten unseen"


def etag(*parts: object) -> str:
    return '"' + ".".join(str(part) for part in parts) + '"'


def require_match(request: Request, current: str) -> None:
    """Refuses the write unless ``If-Match`` names ``current`` (or is ``*``, which would skip the
    check and so is not taken)."""
    given = [tag.strip() for tag in request.headers.get("If-Match", "").split(",") if tag.strip()]
    if not given:
        raise PreconditionFailed(current, MISSING)
    if current not in given:
        raise PreconditionFailed(current)
