"""Reading a registered feed safely: public addresses only, a time limit and a size limit.

A feed's URL is typed in by an administrator, and the server fetches it on a schedule, so the URL
must not become a way to reach what only the server can reach (its own loopback, the cloud's
metadata address, the private network). Every request, redirects included, goes through
`SafeTransport`, which looks the host up once, refuses any address that is not globally routable,
then reads at most `MAX_RESPONSE_BYTES` of the answer. Both refusals are request errors, not
transport errors, so they are reported at once rather than tried again.
`DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES` lifts the address check for development and tests
against a local server; it is off by default.

DNS rebinding: checking a name and then letting the HTTP library connect to the name would look it
up twice, and a hostile name server can answer a public address to the check and 127.0.0.1 to the
connection. So the addresses checked are the only ones connected to. `SafeTransport` pins them on
`PinnedBackend`, an httpcore network backend (httpcore's documented seam for how connections are
opened) whose `connect_tcp` connects to a pinned address and never resolves a name; a host with no
pin is refused. httpcore still does TLS itself, with the URL's host name as the SNI name and the
name the certificate must match (`ssl_context.check_hostname`), and httpx sends the Host header
from the URL, so a pinned connection is verified exactly as an ordinary one. httpx's own transport
has no parameter for a network backend yet, so `PinnedHTTPTransport` gives its connection pool one.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpcore
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


def _public_or_refused(host: str, addresses: list[str]) -> None:
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise UnsafeAddress(f"{host} is not a public internet address ({ip}), so it cannot be fetched.")


def checked_addresses(host: str, *, resolver: Resolver = resolve) -> list[str]:
    """The host's addresses, looked up once; UnsafeAddress unless all are public (or private ones are
    allowed by the setting)."""
    try:
        addresses = resolver(host)
    except (OSError, UnicodeError) as exc:
        raise UnsafeAddress(f"{host} could not be found.") from exc
    if not addresses:
        raise UnsafeAddress(f"{host} could not be found.")
    if not getattr(settings, "DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES", False):
        _public_or_refused(host, addresses)
    return addresses


def unsafe_reason(url: str, *, resolver: Resolver = resolve) -> str:
    """Why the server must not fetch this URL ("" if it may)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "The feed's address must start https:// or http://."
    if getattr(settings, "DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES", False):
        return ""
    try:
        checked_addresses(parts.hostname, resolver=resolver)
    except UnsafeAddress as refusal:
        return str(refusal)
    return ""


class PinnedBackend(httpcore.SyncBackend):
    """Opens connections only to the addresses `SafeTransport` checked for each host name."""

    def __init__(self) -> None:
        self.pins: dict[str, list[str]] = {}

    def pin(self, host: str, addresses: list[str]) -> None:
        self.pins[host] = addresses

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self.pins.get(host)
        if not addresses:
            raise httpcore.ConnectError(f"{host} was not checked before connecting, so it is not fetched.")
        for address in addresses[:-1]:  # each checked address in turn, as a resolver's answer is tried
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                continue
        return super().connect_tcp(addresses[-1], port, timeout, local_address, socket_options)


class PinnedHTTPTransport(httpx.HTTPTransport):
    """httpx's transport (request, response and error mapping unchanged) over a pool whose
    connections go through `PinnedBackend`, with httpx's default certificate checks."""

    def __init__(self, backend: PinnedBackend, *, ssl_context=None) -> None:
        super().__init__(retries=0)
        self.backend = backend
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            network_backend=backend,
            retries=0,
        )


class SafeTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport | None = None, *, resolver: Resolver = resolve):
        self.backend = PinnedBackend()
        self.inner = inner or PinnedHTTPTransport(self.backend)
        self.resolver = resolver

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ("https", "http") or not request.url.host:
            raise UnsafeAddress("The feed's address must start https:// or http://.", request=request)
        # httpcore connects to the URL's ASCII host name, so that is the name pinned.
        host = request.url.raw_host.decode("ascii")
        try:
            self.backend.pin(host, checked_addresses(host, resolver=self.resolver))
        except UnsafeAddress as refusal:
            raise UnsafeAddress(str(refusal), request=request) from None
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
