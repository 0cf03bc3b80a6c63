"""What drf-spectacular cannot see for itself: every operation may answer with a problem
(RFC 9457), and which ones each kind of operation may give."""

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "description": "For 400: each field's mistakes."},
        "etag": {"type": "string", "description": "For 412: the current version, to read again."},
    },
    "required": ["type", "title", "status", "detail"],
}

ALWAYS = {
    "401": "No token, or one that has expired or been revoked.",
    "403": "The token's person may not do this on this review now (or the token only reads).",
    "404": "No such review or item, or one the token's person may not see.",
    "429": "Too many calls with this token: wait, then try again.",
}
ON_WRITES = {
    "400": "The request has mistakes (see errors).",
    "412": "If-Match is missing or names an old version (see etag).",
}


def problem_responses(result, generator, request, public):
    """Adds the problem answers to every operation, and the Problem schema they share."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            answers = ALWAYS | (ON_WRITES if method in {"put", "post", "patch", "delete"} else {})
            for code, words in answers.items():
                operation["responses"].setdefault(code, {"description": words, "content": problem})
            if method in {"put", "post", "patch", "delete"}:
                operation.setdefault("parameters", []).append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": True,
                        "description": "The ETag of the version you read.",
                        "schema": {"type": "string"},
                    }
                )
    return result
