"""Refuse, before any view runs, what no view could use: oversized bodies, over-deep JSON, control characters.

Every request passes here, so no form, API operation, search box or filter has to remember these:
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413;
- JSON nested deeper than MAX_JSON_DEPTH answers 400 (Python's parser would otherwise run out of stack);
- a control character (a NUL byte, say) in a query string, a form field or any JSON string answers
  400 naming where it was: PostgreSQL refuses NUL in text and in the JSONB audit payload.
API paths answer JSON in the API's error shape; pages answer the GOV.UK "problem with your request"
page with the specific message.
"""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from throughcare.core.inputs import (
    CONTROL_CHARACTER_MESSAGE,
    MAX_JSON_DEPTH,
    control_character_in,
    control_character_within,
    describe_character,
    json_too_deep,
)

JSON_PATHS = ("/api/", "/openreferral/")


class RefusedInputError(Exception):
    """A request no view should see, with the status and words to answer it with."""

    def __init__(self, status: int, detail: str, loc: list | None = None, *, page_detail: str = ""):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.loc = loc
        # Pages name the box by its field name, in words a person can act on.
        self.page_detail = page_detail or detail


def _check_text(text: str, loc: list) -> None:
    character = control_character_in(text)
    if character is not None:
        where = ".".join(str(part) for part in loc[1:]) or loc[0]
        described = describe_character(character)
        raise RefusedInputError(
            400,
            f"The value of {where} {CONTROL_CHARACTER_MESSAGE} (it contains {described}).",
            loc,
            page_detail=(
                f"What you entered in “{where}” contains {described}, which cannot be stored. "
                "Go back, remove it (retyping the text is the surest way) and try again."
            ),
        )


def _check_json(value, loc: list) -> None:
    found = control_character_within(value)
    if found is not None:
        where, character = found
        _check_text(character, [*loc, *where])  # refuses, naming where in the body it was


def _check_fields(data, location: str) -> None:
    for key, values in data.lists():
        _check_text(key, [location, key])
        for value in values:
            if isinstance(value, str):
                _check_text(value, [location, key])


def _check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise RefusedInputError(400, "The Content-Length header must be a whole number of bytes.") from None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise RefusedInputError(413, f"The request body is too large: send at most {limit:,} bytes.")


def _check_json_body(request) -> None:
    try:
        body = request.body
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raise RefusedInputError(
            413, f"The request body is too large: send at most {limit:,} bytes."
        ) from None
    if not body:
        return
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedInputError(400, "The request body must be JSON encoded as UTF-8.", ["body"]) from None
    if json_too_deep(text):
        raise RefusedInputError(
            400, f"The JSON body is nested too deeply: at most {MAX_JSON_DEPTH} levels are allowed.", ["body"]
        )
    try:
        parsed = json.loads(text)
    except ValueError:
        return  # the API answers malformed JSON itself, with where it went wrong
    _check_json(parsed, ["body"])


def check_request(request) -> None:
    """Raise RefusedInputError for anything no view should see."""
    _check_body_size(request)
    _check_fields(request.GET, "query")
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        _check_json_body(request)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            _check_fields(request.POST, "form")
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            raise RefusedInputError(
                413, f"The request body is too large: send at most {limit:,} bytes."
            ) from None
        except TooManyFieldsSent:
            raise RefusedInputError(400, "The form sent too many fields.") from None
        except MultiPartParserError:
            raise RefusedInputError(400, "The form could not be read: send it again.") from None


def refusal_response(request, refusal: RefusedInputError):
    if request.path.startswith(JSON_PATHS):
        body: dict[str, object] = {"detail": refusal.detail}
        if refusal.loc:
            body["errors"] = [{"type": "value_error", "loc": refusal.loc, "msg": refusal.detail}]
        response = JsonResponse(body, status=refusal.status)
        if request.path.startswith("/openreferral/"):
            response["Access-Control-Allow-Origin"] = "*"
        return response
    return render(request, "errors/400.html", {"problem": refusal.page_detail}, status=refusal.status)


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except RefusedInputError as refusal:
            return refusal_response(request, refusal)
        return self.get_response(request)
