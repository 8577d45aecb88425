"""Doing a thing once, however often it is asked for: one mechanism for pages, the API and FHIR.

- Page forms that create records render `{% submission_token %}` (core/templatetags/once.py), a
  hidden one-time token, and their view is wrapped in `@one_submission`. The first sending claims the
  token (a unique row, so a second sending at the same moment waits for the first's insert and then
  finds it taken); a repeat is sent where the first went, with a message saying so.
- API POSTs may carry `Idempotency-Key` (`IdempotencyKeyMiddleware`): the first response with a 2xx
  status is stored with the key and the caller (a hash of their bearer token), and a repeat of the
  same request gets that response again, marked `Idempotent-Replayed: true`. The same key with a
  different request is refused (422).
- An imported FHIR message is answered once per message identifier (referrals/fhir/api.py), using
  `claim` and `settle` below with the organisation as the caller.
Only successes are kept: a refused request frees its token or key, so the corrected one can go through.
Records older than a day are ignored and replaced.
"""

import hashlib
import re
import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from throughcare.core.once_models import IdempotencyRecord, SubmissionToken

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field name, not a secret)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces
KEPT_FOR = timedelta(days=1)
REDIRECTS = (301, 302, 303)


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


def _claim_token(user, token: str) -> SubmissionToken | None:
    """None when this sending claimed the token; otherwise the row of the sending that did."""
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, user=user)
        return None
    except IntegrityError:
        return SubmissionToken.objects.filter(token=token).first()


def _problem_page(request, problem: str, status: int):
    return render(request, "errors/400.html", {"problem": problem}, status=status)


def one_submission(view):
    """Run a form-handling view once per submission token; a repeat goes where the first went."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        if not TOKEN_PATTERN.fullmatch(token):
            return _problem_page(request, "This form could not be sent: reload the page and try again.", 400)
        first = _claim_token(request.user, token)
        if first is not None:
            if first.user_id != request.user.pk:
                return _problem_page(
                    request, "This form could not be sent: reload the page and try again.", 400
                )
            if first.result_url:
                messages.info(
                    request, "You already sent that form. This is what it did; nothing was done twice."
                )
                return redirect(first.result_url)
            return _problem_page(
                request,
                "You already sent that form and it is still being saved. Wait a moment, then check "
                "whether it was saved before sending it again.",
                409,
            )
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            SubmissionToken.objects.filter(token=token).delete()
            raise
        if response.status_code in REDIRECTS:
            SubmissionToken.objects.filter(token=token).update(result_url=response["Location"][:500])
        else:  # nothing was done (the form had errors): the same token may be sent again
            SubmissionToken.objects.filter(token=token).delete()
        return response

    return wrapped


def fingerprint_of(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


class Claimed:
    """This request is the first with its key: `settle` it with its response."""

    def __init__(self, record: IdempotencyRecord):
        self.record = record


def claim(*, caller: str, key: str, fingerprint: str = "") -> Claimed | IdempotencyRecord | str:
    """Claimed (go ahead), the earlier record to replay, or a message saying why the request must wait
    or is refused ("conflict: ..." or "mismatch: ...")."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return Claimed(
                    IdempotencyRecord.objects.create(caller=caller, key=key, fingerprint=fingerprint)
                )
        except IntegrityError:
            earlier = IdempotencyRecord.objects.filter(caller=caller, key=key).first()
        if earlier is None:
            continue  # it was freed between our insert and our read
        if earlier.created_at < timezone.now() - KEPT_FOR:
            earlier.delete()
            continue
        if earlier.fingerprint != fingerprint:
            return "mismatch: This key was already used for a different request: use a new key."
        if earlier.status_code is None:
            return "conflict: A request with this key is still being handled: try again shortly."
        return earlier
    return "conflict: A request with this key is still being handled: try again shortly."


def settle(claimed: Claimed, response: HttpResponse) -> None:
    """Keep a success to answer repeats with; free the key after anything else."""
    record = claimed.record
    if 200 <= response.status_code < 300 and not getattr(response, "streaming", False):
        record.status_code = response.status_code
        record.content_type = response.get("Content-Type", "")[:100]
        record.body = response.content.decode("utf-8", errors="replace")
        record.save(update_fields=["status_code", "content_type", "body"])
    else:
        record.delete()


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status_code, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def refusal(message: str) -> JsonResponse:
    """The shared error shape, naming the header; `allowed` is empty as no move is the problem, so the
    body also fits the operations whose 409 lists the moves allowed."""
    kind, _, detail = message.partition(": ")
    body = {
        "detail": detail,
        "errors": [{"type": "value_error", "loc": ["header", "Idempotency-Key"], "msg": detail}],
        "allowed": [],
    }
    return JsonResponse(body, status=409 if kind == "conflict" else 422)


class IdempotencyKeyMiddleware:
    """API POSTs with an `Idempotency-Key` header take effect once per key and caller."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method != "POST" or not request.path.startswith("/api/v1/"):
            return self.get_response(request)
        if not KEY_PATTERN.fullmatch(key):
            return JsonResponse(
                {"detail": "Idempotency-Key must be 1 to 255 printable characters without spaces."},
                status=400,
            )
        caller = fingerprint_of(request.headers.get("Authorization", ""))
        outcome = claim(caller=caller, key=key, fingerprint=fingerprint_of(request.path, request.body))
        if isinstance(outcome, str):
            return refusal(outcome)
        if isinstance(outcome, IdempotencyRecord):
            return replay(outcome)
        try:
            response = self.get_response(request)
        except Exception:
            outcome.record.delete()
            raise
        settle(outcome, response)
        return response
