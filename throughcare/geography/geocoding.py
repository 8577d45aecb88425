"""Turning a postcode someone typed into a place: where it is, and which areas look after it.

Two geocoders share one interface, chosen by settings.GEOCODER:

- "local" (the default): the imported gazetteer. A full postcode is exact when the ONS directory
  has been loaded (`import_nspl`); otherwise the district's centroid stands in for it.
- "postcodes_io": the postcodes.io web API, with short timeouts, a few retries and a day's cache.
  When the API cannot be reached it falls back to the local gazetteer, so a form never fails
  because a third party is down.

Either raises PostcodeError for text that is not a postcode and PostcodeNotFound for one nobody knows.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

import httpx
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from throughcare.geography.models import Country, LocalAuthority, Postcode, PostcodeDistrict
from throughcare.geography.postcodes import (
    ParsedPostcode,
    PostcodeError,
    PostcodeNotFound,
    nation_from_prefix,
    parse_postcode,
)

__all__ = ["Geocoder", "GeocoderUnavailable", "Place", "PostcodeError", "PostcodeNotFound", "get_geocoder"]

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 60 * 60
COUNTRY_NAMES = {
    "England": Country.ENGLAND,
    "Wales": Country.WALES,
    "Scotland": Country.SCOTLAND,
    "Northern Ireland": Country.NORTHERN_IRELAND,
    "Isle of Man": Country.ISLE_OF_MAN,
}


class Precision(StrEnum):
    POSTCODE = "postcode"  # the coordinates are the postcode's own
    DISTRICT = "district"  # the coordinates are the district's centroid: a few miles out at worst


@dataclass(frozen=True)
class Place:
    postcode: str | None  # the full postcode when one was given, normalised ('M1 1AE'); None for a district
    district: str
    latitude: float | None
    longitude: float | None
    country: Country
    local_authority_code: str
    icb_code: str
    pdu_code: str
    precision: Precision


class Geocoder(Protocol):
    def locate(self, text: str) -> Place:
        """The place for a postcode or district; PostcodeError or PostcodeNotFound if there is none."""


class GeocoderUnavailable(Exception):  # noqa: N818 - it is a state, not a programming error
    """The geocoding service could not be reached or kept failing."""


def _not_found(parsed: ParsedPostcode) -> PostcodeNotFound:
    if parsed.is_full:
        return PostcodeNotFound(
            f"We could not find the postcode {parsed}. Check it, or enter just {parsed.outward}."
        )
    return PostcodeNotFound(
        f"We could not find the postcode district {parsed}. Check it, or enter a full postcode."
    )


def _areas_of(local_authority_code: str) -> tuple[str, str]:
    """(ICB code, PDU code) of a local authority, from the gazetteer; blanks when it is not known."""
    row = LocalAuthority.objects.filter(code=local_authority_code).values_list("icb_id", "pdu_id").first()
    return (row[0] or "", row[1] or "") if row else ("", "")


class LocalGazetteer:
    """Locates postcodes from the imported tables, without any network."""

    def locate(self, text: str) -> Place:
        parsed = parse_postcode(text)
        postcode = Postcode.objects.filter(postcode=parsed.postcode).first() if parsed.is_full else None
        if postcode is not None and postcode.latitude is not None:
            icb, pdu = _areas_of(postcode.local_authority_code)
            return Place(
                postcode=postcode.postcode,
                district=parsed.outward,
                latitude=postcode.latitude,
                longitude=postcode.longitude,
                country=Country(postcode.country),
                local_authority_code=postcode.local_authority_code,
                icb_code=postcode.icb_code
                or icb,  # the postcode's own ICB is right even in a split authority
                pdu_code=pdu,
                precision=Precision.POSTCODE,
            )
        district = (
            PostcodeDistrict.objects.select_related("local_authority").filter(code=parsed.outward).first()
        )
        if district is None:
            raise _not_found(parsed)
        authority = district.local_authority
        return Place(
            postcode=parsed.postcode,
            district=district.code,
            latitude=district.latitude,
            longitude=district.longitude,
            country=Country(district.country),
            local_authority_code=authority.code if authority else "",
            icb_code=(authority.icb_id or "") if authority else "",
            pdu_code=(authority.pdu_id or "") if authority else "",
            precision=Precision.DISTRICT,
        )


class PostcodesIoGeocoder:
    """Locates postcodes with the postcodes.io API (https://postcodes.io/docs)."""

    def __init__(
        self,
        *,
        base_url: str = "https://api.postcodes.io",
        timeout_seconds: float = 5.0,
        retries: int = 2,
        backoff_seconds: float = 0.25,
        client: httpx.Client | None = None,
        fallback: Geocoder | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(timeout=timeout_seconds)
        self.retries = max(0, min(retries, 5))  # bounded: a person is waiting for the page
        self.backoff_seconds = backoff_seconds
        self.fallback = fallback
        self.sleep = sleep

    def locate(self, text: str) -> Place:
        parsed = parse_postcode(text)
        key = f"geocoder:postcodes_io:{self.base_url}:{str(parsed).replace(' ', '')}"
        cached = cache.get(key)
        if cached is not None:
            return Place(
                **{
                    **cached,
                    "country": Country(cached["country"]),
                    "precision": Precision(cached["precision"]),
                }
            )
        try:
            place = self._place(parsed)
        except GeocoderUnavailable:
            if self.fallback is None:
                raise
            logger.warning(
                "postcodes.io is unavailable; locating %s from the local gazetteer", parsed.outward
            )
            return self.fallback.locate(text)
        cache.set(key, asdict(place), CACHE_SECONDS)
        return place

    def _get(self, path: str) -> dict | None:
        """The JSON result for `path`, None for 404; retries timeouts and server errors, then gives up."""
        url = f"{self.base_url}{path}"
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff_seconds * 2 ** (attempt - 1))
            try:
                response = self.client.get(url)
            except httpx.TransportError as exc:  # timeouts, refused connections, resets
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code == 404:
                return None
            if response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code == 400:
                raise PostcodeError(
                    f"Enter a real postcode, like M1 1AE or M1: {path.rsplit('/', 1)[-1]} is not one."
                )
            response.raise_for_status()
            return response.json().get("result")
        raise GeocoderUnavailable(f"postcodes.io did not answer after {self.retries + 1} tries ({problem}).")

    def _place(self, parsed: ParsedPostcode) -> Place:
        compact = str(parsed).replace(" ", "")
        if parsed.is_full:
            result = self._get(f"/postcodes/{compact}")
            if not result:
                raise _not_found(parsed)
            codes = result.get("codes") or {}
            authority = codes.get("admin_district") or ""
            icb, pdu = _areas_of(authority)
            return Place(
                postcode=result.get("postcode") or parsed.postcode,
                district=result.get("outcode") or parsed.outward,
                latitude=result.get("latitude"),
                longitude=result.get("longitude"),
                country=self._country(result.get("country"), parsed),
                local_authority_code=authority,
                icb_code=codes.get("icb") or icb,
                pdu_code=pdu,
                precision=Precision.POSTCODE,
            )
        result = self._get(f"/outcodes/{compact}")
        if not result:
            raise _not_found(parsed)
        # Outward codes come with authority names, not codes: take the gazetteer's authority for it.
        authority = (
            PostcodeDistrict.objects.filter(code=parsed.outward)
            .values_list("local_authority_id", flat=True)
            .first()
            or ""
        )
        icb, pdu = _areas_of(authority)
        countries = result.get("country") or []
        return Place(
            postcode=None,
            district=result.get("outcode") or parsed.outward,
            latitude=result.get("latitude"),
            longitude=result.get("longitude"),
            country=self._country(countries[0] if len(countries) == 1 else None, parsed),
            local_authority_code=authority,
            icb_code=icb,
            pdu_code=pdu,
            precision=Precision.DISTRICT,
        )

    @staticmethod
    def _country(name: str | None, parsed: ParsedPostcode) -> Country:
        # "Channel Islands" (and a district spanning two nations) is settled by the postcode itself.
        return COUNTRY_NAMES.get(name or "") or nation_from_prefix(parsed.outward)


@lru_cache(maxsize=4)
def _build(name: str, base_url: str, timeout_seconds: float) -> Geocoder:
    if name == "local":
        return LocalGazetteer()
    if name == "postcodes_io":
        return PostcodesIoGeocoder(
            base_url=base_url, timeout_seconds=timeout_seconds, fallback=LocalGazetteer()
        )
    raise ImproperlyConfigured(f"GEOCODER must be 'local' or 'postcodes_io', not {name!r}.")


def get_geocoder() -> Geocoder:
    """The geocoder settings.GEOCODER names, built once per configuration (it keeps its HTTP connections)."""
    return _build(
        getattr(settings, "GEOCODER", "local"),
        getattr(settings, "POSTCODES_IO_URL", "https://api.postcodes.io"),
        float(getattr(settings, "POSTCODES_IO_TIMEOUT_SECONDS", 5.0)),
    )
