"""JSON errors shared by Throughcare's APIs: every error is {"detail": ...} with the right status."""

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError

logger = logging.getLogger(__name__)


def json_error(api: NinjaAPI, request, detail: str, status: int, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def add_common_error_handlers(api: NinjaAPI) -> None:
    """Not found, HTTP errors and anything unexpected, without a stack trace reaching the client."""

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return json_error(api, request, "Not found.", 404)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return json_error(api, request, str(exc), exc.status_code)

    @api.exception_handler(Exception)
    def on_unexpected(request, exc):
        logger.exception("Unhandled error in %s", api.title)
        request_id = getattr(request, "request_id", "")
        return json_error(api, request, "Something went wrong on our side.", 500, request_id=request_id)
