"""Request limits through Django's cache: a fixed window per key, shared by every worker that shares
the cache (local memory for one process, Redis or Memcached for many).

`RateLimitMiddleware` limits the public Open Referral API by client address; the JSON API limits each
token once it is known (throughcare/api.py); sign-in counts failures per address (accounts.views).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from throughcare.core.client_address import client_address


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Limit:
    requests: int  # 0 turns the limit off
    seconds: int

    @classmethod
    def from_setting(cls, name: str) -> "Limit":
        requests, seconds = getattr(settings, name)
        return cls(int(requests), max(int(seconds), 1))


class RateLimitedError(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests: try again in {retry_after} seconds.")
        self.retry_after = retry_after


def _key(scope: str, key: str, limit: Limit, window: int) -> str:
    # Hash the key: addresses and token prefixes need not be readable by anyone inspecting the cache.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"throughcare:limit:{scope}:{limit.seconds}:{digest}:{window}"


def _window(limit: Limit) -> tuple[int, int]:
    """This window's number, and the whole seconds until the next one begins (at least 1)."""
    now = _now()
    window = int(now // limit.seconds)
    return window, max(math.ceil((window + 1) * limit.seconds - now), 1)


def used(scope: str, key: str, limit: Limit) -> int:
    window, _ = _window(limit)
    return cache.get(_key(scope, key, limit, window), 0)


def retry_after(scope: str, key: str, limit: Limit) -> int | None:
    """Seconds to wait when `key` has used its limit this window, without counting a request."""
    if limit.requests <= 0 or used(scope, key, limit) < limit.requests:
        return None
    return _window(limit)[1]


def hit(scope: str, key: str, limit: Limit) -> int | None:
    """Count one request for `key`; the seconds to wait when that goes over the limit, else None."""
    if limit.requests <= 0:
        return None
    window, wait = _window(limit)
    cache_key = _key(scope, key, limit, window)
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    return wait if count > limit.requests else None


def too_many_requests(wait: int) -> JsonResponse:
    response = JsonResponse(
        {"detail": f"Too many requests: try again in {wait} second{'s' if wait != 1 else ''}."}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    """Limit the public Open Referral API per client address (OPENREFERRAL_RATE_LIMIT)."""

    PREFIX = "/openreferral/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.PREFIX) and request.method != "OPTIONS":
            wait = hit("openreferral", client_address(request), Limit.from_setting("OPENREFERRAL_RATE_LIMIT"))
            if wait is not None:
                response = too_many_requests(wait)
                response["Access-Control-Allow-Origin"] = "*"
                return response
        return self.get_response(request)
