"""The Open Referral API's URL patterns: open to every origin, read-only, JSON even when not found.

Each of the API's views is wrapped so that every response, errors included, carries
`Access-Control-Allow-Origin: *`; OPTIONS answers a CORS preflight; HEAD is answered as GET without
a body; any other method gets a JSON 405. A last pattern answers any other path under the API with
a JSON 404, so a client never gets an HTML page from it. Mount with `public_api_urls(urls())`.
"""

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, re_path

from throughcare.directory.oruk.api import api

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def _json_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def open_to_all(view):
    """Answer GET (and HEAD) through the view, OPTIONS as a CORS preflight, anything else 405 JSON."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                request.headers.get("Access-Control-Request-Headers") or "Accept, Content-Type"
            )
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
        elif request.method in ("GET", "HEAD"):
            head = request.method == "HEAD"
            request.method = "GET"  # the API's operations are registered for GET only
            response = view(request, *args, **kwargs)
            if head:
                response.content = b""
        else:
            response = _json_error("This API is read-only: use GET.", 405)
            response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _not_found(request, *args, **kwargs):
    return _json_error("Not found.", 404)


def urls():
    """The API's URL patterns, each open to all origins, then a JSON 404 for any other path."""
    patterns, app_name, namespace = api.urls
    wrapped = [
        URLPattern(pattern.pattern, open_to_all(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]
    return [*wrapped, re_path(r"^.*$", open_to_all(_not_found))], app_name, namespace
