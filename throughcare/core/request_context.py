"""The id of the request being served, so that logs and audit events can be tied to it."""

import contextvars
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


def begin_request(incoming: str | None) -> contextvars.Token:
    """Use a well-formed incoming X-Request-ID (from a proxy) or make a new one."""
    request_id = incoming if incoming and _SAFE_ID.match(incoming) else uuid.uuid4().hex
    return _request_id.set(request_id)


def end_request(token: contextvars.Token) -> None:
    _request_id.reset(token)
