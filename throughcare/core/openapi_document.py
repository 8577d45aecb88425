"""What both OpenAPI documents say beyond what each operation declares, added in this one place by
`complete_document` (called from each NinjaAPI's `get_openapi_schema`):

- The error answers every operation can give. An operation documents its successes where it is
  declared; the errors come from the shared handlers (core/api_errors.py, throughcare/api.py), the
  input guard (core/input_guard.py) and the idempotency middleware (core/once.py), so they are added
  to every operation at once, with their one shape:
  `{"detail": str, "errors": [{"loc": [...], "msg": str, "type": str}]}`.
- The input guard's rule for text: every string a request carries (parameters and body fields
  without a format, enum or pattern of their own) gets the pattern refusing control characters, and
  request schemas declare that they take no fields beyond their own.
- Links for the resource flows (create a person, then their referrals, ...), so that clients and
  stateful fuzzing can follow what one answer makes possible.
"""

from dataclasses import dataclass

from throughcare.core.inputs import TEXT_PATTERN

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


def _constrain_text(schema: object, components: dict, seen: set[str]) -> None:
    """Give the text pattern to every free-text string within a request schema (following $refs)."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            _constrain_text(components.get(name, {}), components, seen)
        return
    if schema.get("type") == "string" and not {"format", "enum", "pattern", "const"} & schema.keys():
        schema["pattern"] = TEXT_PATTERN
    if "properties" in schema:
        # A request schema's fields are all it takes (unless it says otherwise, as a FHIR Bundle
        # does): others are ignored by the API, and any text in them still read by the input guard.
        schema.setdefault("additionalProperties", False)
    if schema.get("type") == "object" or "properties" in schema:
        schema.setdefault("propertyNames", {"pattern": TEXT_PATTERN})
    for key in ("items", "additionalProperties"):
        _constrain_text(schema.get(key), components, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for each in schema.get(key, []):
            _constrain_text(each, components, seen)
    for each in schema.get("properties", {}).values():
        _constrain_text(each, components, seen)


def constrain_text(schema: dict) -> dict:
    components = schema.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                _constrain_text(parameter.get("schema"), components, seen)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _constrain_text(media.get("schema"), components, seen)
    return schema


@dataclass(frozen=True)
class Flow:
    """From one answer to the operations it makes possible: `value` (a runtime expression such as
    `$response.body#/id`) fills the parameter `parameter` of each target ("METHOD /path")."""

    source: str
    status: int
    value: str
    parameter: str
    targets: tuple[str, ...]


def _operation(schema: dict, label: str) -> dict:
    method, path = label.split(" ", 1)
    try:
        return schema["paths"][path][method.lower()]
    except KeyError:
        raise LookupError(f"An OpenAPI link names {label}, which the document does not have") from None


def add_links(schema: dict, flows: tuple[Flow, ...]) -> dict:
    for flow in flows:
        responses = _operation(schema, flow.source)["responses"]
        response = responses.get(flow.status) or responses[str(flow.status)]
        links = response.setdefault("links", {})
        for target in flow.targets:
            operation_id = _operation(schema, target)["operationId"]
            links[operation_id] = {"operationId": operation_id, "parameters": {flow.parameter: flow.value}}
    return schema


def complete_document(schema: dict, *, signed_in: bool, flows: tuple[Flow, ...] = ()) -> dict:
    return add_links(constrain_text(document_errors(schema, signed_in=signed_in)), flows)
