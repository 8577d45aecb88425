"""The error answers every operation can give, written into both OpenAPI documents.

An operation documents its successes where it is declared; the errors come from the shared handlers
(core/api_errors.py, throughcare/api.py), the input guard (core/input_guard.py) and the idempotency
middleware (core/once.py), so they are added here, to every operation at once, with their one shape:
`{"detail": str, "errors": [{"loc": [...], "msg": str, "type": str}]}`.
"""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What is wrong, in words fit to show."},
        "errors": {
            "type": "array",
            "description": "Each problem with a field: where (`loc`) and what (`msg`).",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg"],
            },
        },
        "request_id": {"type": "string"},
    },
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}

EVERY_OPERATION = {
    "400": "The request cannot be used: a control character (such as a NUL byte) in a value, JSON nested "
    "too deeply, or a malformed header.",
    "404": "Not found, or not yours to see.",
    "422": "A parameter or field did not validate: `errors` says which and why.",
}
SIGNED_IN = {
    "401": "Authentication required: send a valid, unexpired bearer token.",
    "403": "Your role does not allow this.",
}
WITH_A_BODY = {
    "409": "A request with this Idempotency-Key is still being handled, or the record conflicts.",
    "413": "The request body is too large.",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique text up to 255 printable characters: repeating the request with the same key "
    "gives the first answer again (marked `Idempotent-Replayed: true`) instead of acting twice.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def document_errors(schema: dict, *, signed_in: bool) -> dict:
    """Add the shared error answers (and the Idempotency-Key header on POSTs) to every operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = dict(EVERY_OPERATION)
            if signed_in:
                wanted.update(SIGNED_IN)
            if method in ("post", "put", "patch"):
                wanted.update(WITH_A_BODY)
            responses = operation["responses"]
            for status, description in wanted.items():
                if status not in responses and int(status) not in responses:
                    responses[int(status)] = _error_response(description)
            if signed_in and method == "post":
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == IDEMPOTENCY_KEY["name"] for p in parameters):
                    parameters.append(IDEMPOTENCY_KEY)
    return schema
