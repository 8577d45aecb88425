"""Where imported services come from: an Open Referral API, or a JSON file.

An API is read the way the standard describes: page through /services for the ids, then fetch each
/services/{id} for the fully nested record. A service that cannot be fetched becomes a
`FetchProblem` in its place, so the import reports it and carries on with the rest.
A file holds any of the document shapes shapes.py describes (pages, organisation documents...).
"""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from throughcare.core.inputs import MAX_JSON_DEPTH, json_too_deep
from throughcare.directory.oruk.shapes import is_last_page, page_items, services_in

PAGE_SIZE = 100
TIMEOUT_SECONDS = 30.0
ATTEMPTS = 3  # a transient network or server error is tried again, after 1 s then 2 s


class SourceError(Exception):
    """The source as a whole cannot be read (not one record of it)."""


@dataclass(frozen=True)
class FetchProblem:
    id: str
    message: str


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def records_from(source: str, *, client: httpx.Client | None = None) -> Iterator[dict | FetchProblem]:
    if is_url(source):
        return _records_from_url(source, client)
    return iter(records_from_file(Path(source)))


def _records_from_url(source: str, client: httpx.Client | None) -> Iterator[dict | FetchProblem]:
    """An API's services, or those of a JSON document at the URL (fetching.feed_records)."""
    from throughcare.directory.oruk.fetching import feed_records  # fetching builds on this module

    own_client = client is None
    client = client or new_client()
    try:
        yield from feed_records(source, client)
    finally:
        if own_client:
            client.close()


def records_from_file(path: Path) -> list:
    try:
        with path.open(encoding="utf-8") as file:
            text = file.read()
        if json_too_deep(text):
            raise SourceError(f"{path} is nested too deeply: at most {MAX_JSON_DEPTH} levels are allowed.")
        data = json.loads(text)
    except FileNotFoundError:
        raise SourceError(f"There is no file at {path}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path} is not JSON: {exc}") from None
    services = services_in(data)
    if services is None:
        raise SourceError(
            f"{path} holds neither a list of services, a page of them, an organisation with its "
            "services, nor one service."
        )
    return services


def _get(client: httpx.Client, url: str, params: dict | None = None):
    """The JSON at the URL; retries transient failures; raises httpx.HTTPError or ValueError."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = client.get(url, params=params)
            if response.status_code < 500 or attempt == ATTEMPTS:
                response.raise_for_status()
                return response.json()
        except httpx.TransportError:
            if attempt == ATTEMPTS:
                raise
        time.sleep(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def new_client() -> httpx.Client:
    return httpx.Client(
        timeout=TIMEOUT_SECONDS, follow_redirects=True, headers={"Accept": "application/json"}
    )


def records_from_api(base_url: str, *, client: httpx.Client | None = None) -> Iterator[dict | FetchProblem]:
    base_url = base_url.rstrip("/")
    own_client = client is None
    client = client or new_client()
    try:
        for service_id in _service_ids(client, base_url):
            try:
                yield _get(client, f"{base_url}/services/{service_id}")
            except (httpx.HTTPError, ValueError, RecursionError) as exc:
                yield FetchProblem(
                    str(service_id), f"Could not fetch {base_url}/services/{service_id}: {exc}"
                )
    finally:
        if own_client:
            client.close()


def _service_ids(client: httpx.Client, base_url: str) -> Iterator[str]:
    page = 1
    while True:
        try:
            body = _get(client, f"{base_url}/services", {"page": page, "per_page": PAGE_SIZE})
        except (httpx.HTTPError, ValueError, RecursionError) as exc:
            raise SourceError(f"Could not read page {page} of {base_url}/services: {exc}") from exc
        contents = page_items(body)
        if contents is None:
            raise SourceError(f"{base_url}/services page {page} is not an Open Referral page of services.")
        for item in contents:
            if isinstance(item, dict) and item.get("id") not in (None, ""):
                yield item["id"]
        if not contents or is_last_page(body, page):
            return
        page += 1
