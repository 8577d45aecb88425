"""Reading a registered feed safely: public addresses only, a time limit and a size limit.

A feed's URL is typed in by an administrator, and the server fetches it on a schedule, so the URL
must not become a way to reach what only the server can reach (its own loopback, the cloud's
metadata address, the private network). Every request, redirects included, goes through
`SafeTransport`, which resolves the host and refuses any address that is not globally routable,
then reads at most `MAX_RESPONSE_BYTES` of the answer. Both refusals are request errors, not
transport errors, so they are reported at once rather than tried again.
`DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES` lifts the address check for development and tests
against a local server; it is off by default.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from throughcare.directory.oruk.shapes import services_in
from throughcare.directory.oruk.sources import (
    TIMEOUT_SECONDS,
    FetchProblem,
    SourceError,
    records_from_api,
)

MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # one page or one document; a national /services page is ~2 MB
Resolver = Callable[[str], list[str]]


class UnsafeAddress(httpx.RequestError):
    """The feed's host is not a public internet address."""


class TooLarge(httpx.RequestError):
    """The answer is larger than a feed page or document may be."""


def resolve(host: str) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def unsafe_reason(url: str, *, resolver: Resolver = resolve) -> str:
    """Why the server must not fetch this URL ("" if it may)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "The feed's address must start https:// or http://."
    if getattr(settings, "DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES", False):
        return ""
    try:
        addresses = resolver(parts.hostname)
    except (OSError, UnicodeError):
        return f"{parts.hostname} could not be found."
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return f"{parts.hostname} is not a public internet address ({ip}), so it cannot be fetched."
    return ""


class SafeTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport | None = None, *, resolver: Resolver = resolve):
        self.inner = inner or httpx.HTTPTransport(retries=0)
        self.resolver = resolver

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        reason = unsafe_reason(str(request.url), resolver=self.resolver)
        if reason:
            raise UnsafeAddress(reason, request=request)
        response = self.inner.handle_request(request)
        body = bytearray()
        try:
            for chunk in response.stream:
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise TooLarge(
                        f"{request.url} is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB.",
                        request=request,
                    )
        finally:
            response.close()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-encoding"]
        return httpx.Response(response.status_code, headers=headers, content=bytes(body), request=request)

    def close(self) -> None:
        self.inner.close()


def safe_client(
    transport: httpx.BaseTransport | None = None, *, resolver: Resolver = resolve
) -> httpx.Client:
    return httpx.Client(
        transport=SafeTransport(transport, resolver=resolver),
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        max_redirects=5,
        headers={"Accept": "application/json"},
    )


def feed_records(url: str, client: httpx.Client) -> Iterator[dict | FetchProblem]:
    """The services at a feed URL: a JSON document of any shape shapes.py knows, or else an Open
    Referral API whose base this is (its /services pages, then each service)."""
    base = url.rstrip("/")
    if base.endswith("/services"):
        return records_from_api(base.removesuffix("/services"), client=client)
    try:
        response = client.get(url)
        if response.status_code == 404:  # many ORUK 1.0 APIs answer nothing at their base
            return records_from_api(base, client=client)
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError, RecursionError) as exc:
        raise SourceError(f"Could not read {url}: {exc}") from exc
    services = services_in(body) if not _is_api_root(body) else None
    if services is not None:
        return iter(services)
    return records_from_api(base, client=client)


def _is_api_root(body) -> bool:
    """ORUK 3.0's / answers its version and profile: a base URL, not a document of services."""
    return isinstance(body, dict) and "version" in body and "id" not in body
