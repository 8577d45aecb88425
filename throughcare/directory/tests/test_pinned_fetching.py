"""DNS rebinding is closed: a feed's host is looked up once, checked, and only the checked address
is connected to, while TLS is still verified for the host name.

The hostile name server is a stand-in for `socket.getaddrinfo` that answers a public address the
first time a name is asked and 127.0.0.1 after that. The only network used is the loopback."""

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import httpx
import pytest

from throughcare.directory.oruk import fetching

PUBLIC = "93.184.216.34"
HOSTILE_NAME = "rebinding.example"


@pytest.fixture
def loopback_server():
    """A real server on 127.0.0.1 that records every request it is sent."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile_dns(monkeypatch):
    """Public on the first lookup of HOSTILE_NAME, loopback on every later one; connections to the
    public address are refused (so no test reaches the internet), and every connection is recorded."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    lookups: list[str] = []
    connections: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host == HOSTILE_NAME:
            lookups.append(host)
            address = PUBLIC if len(lookups) == 1 else "127.0.0.1"
            return real_getaddrinfo(address, port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        connections.append(address[0])
        if address[0] == PUBLIC:
            raise ConnectionRefusedError("the public address is not reachable from tests")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return lookups, connections


def test_a_second_answer_of_127_0_0_1_is_never_connected_to(settings, loopback_server, hostile_dns):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    port, hits = loopback_server
    lookups, connections = hostile_dns
    with fetching.safe_client() as client, pytest.raises(httpx.ConnectError):
        client.get(f"http://{HOSTILE_NAME}:{port}/feed.json")
    assert lookups == [HOSTILE_NAME]  # looked up once, for the check
    assert connections == [PUBLIC]  # and only the checked address was connected to
    assert hits == []
    # Asked again, the name now answers loopback, which the check refuses before any connection.
    with fetching.safe_client() as client, pytest.raises(httpx.RequestError, match="not a public"):
        client.get(f"http://{HOSTILE_NAME}:{port}/feed.json")
    assert connections == [PUBLIC]
    assert hits == []


def test_the_pinned_address_is_the_one_fetched_when_it_is_allowed(settings, loopback_server):
    """With private addresses allowed (development), a name pinned to 127.0.0.1 reaches the server,
    and the Host header still names the host the URL named."""
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = True
    port, hits = loopback_server
    seen_hosts: list[str] = []
    with fetching.safe_client(resolver=lambda host: seen_hosts.append(host) or ["127.0.0.1"]) as client:
        response = client.get(f"http://feeds.council.example:{port}/feed.json")
    assert response.json() == []
    assert response.request.headers["Host"] == f"feeds.council.example:{port}"
    assert (seen_hosts, hits) == (["feeds.council.example"], ["/feed.json"])


def test_a_host_that_was_not_checked_is_never_connected_to():
    backend = fetching.PinnedBackend()
    with pytest.raises(httpcore.ConnectError, match="was not checked"):
        backend.connect_tcp("unchecked.example", 443)


class RecordingStream(httpcore.NetworkStream):
    """Stands in for the socket: records the TLS parameters it is asked to start with."""

    def __init__(self, started: list):
        self.started = started

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        self.started.append((ssl_context, server_hostname))
        raise httpcore.ConnectError("stop here: the handshake parameters are what is tested")

    def close(self):
        pass


def test_https_to_a_pinned_address_verifies_the_certificate_for_the_host_name(monkeypatch, settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    connected: list[tuple[str, int]] = []
    started: list[tuple[ssl.SSLContext, str]] = []

    def connect_tcp(self, host, port, *args, **kwargs):
        connected.append((host, port))
        return RecordingStream(started)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    with fetching.safe_client(resolver=lambda host: [PUBLIC]) as client, pytest.raises(httpx.ConnectError):
        client.get("https://feeds.council.example/feed.json")
    assert connected == [(PUBLIC, 443)]
    [(context, server_hostname)] = started
    assert server_hostname == "feeds.council.example"  # SNI and the name the certificate must match
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
