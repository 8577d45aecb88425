"""The address a request really came from, behind a configured number of trusted proxies.

Each proxy appends the address it was connected from to X-Forwarded-For, so with N trusted proxies
in front of Throughcare the client is the Nth entry from the right; anything further left was
written by the client and cannot be trusted. With no proxies (the default) it is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer hops than configured: the request did not come through every proxy, so trust no header.
        return remote
    candidate = forwarded[-proxies]
    return candidate if _valid(candidate) else remote
