"""Where someone is: a postcode, or the name of a town or city, for the public search.

People often do not know their postcode, or do not want to give it. A town is matched to the local
authority of that name (Leeds, Derby, Manchester), and the search measures from its centre.
"""

from throughcare.directory import search
from throughcare.geography.geocoding import Place, Precision
from throughcare.geography.models import Country, LocalAuthority
from throughcare.geography.postcodes import PostcodeError, parse_postcode


class UnknownPlaceError(ValueError):
    """Neither a postcode nor a town we know; the message says what to try."""


def _town(text: str) -> Place | tuple[None, str] | None:
    name = " ".join(text.split())
    towns = LocalAuthority.objects.filter(name__iexact=name)
    if not towns:
        towns = LocalAuthority.objects.filter(name__istartswith=name)[:2]
        if len(towns) != 1:
            return None
    town = towns[0]
    if town.nation != Country.ENGLAND:
        return None, town.nation
    if town.latitude is None or town.longitude is None:
        return None
    return Place(
        postcode=None,
        district="",
        latitude=town.latitude,
        longitude=town.longitude,
        country=Country.ENGLAND,
        local_authority_code=town.code,
        icb_code=town.icb_id or "",
        pdu_code=town.pdu_id or "",
        precision=Precision.DISTRICT,
    )


def find_place(text: str):
    """(place, None) in England, (None, nation) elsewhere; UnknownPlaceError when we cannot tell where."""
    try:
        parse_postcode(text)
    except PostcodeError:
        found = _town(text)
        if found is None:
            raise UnknownPlaceError(
                f"We could not find '{text.strip()}'. Enter a postcode, like LS1 4AP, or the name of a "
                "town or city, like Leeds."
            ) from None
        if isinstance(found, tuple):
            return found
        return found, None
    try:
        return search.locate(text)
    except PostcodeError as exc:
        raise UnknownPlaceError(f"{exc} Or enter the name of your town or city.") from exc
