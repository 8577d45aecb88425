"""Where to look instead, when the postcode searched is outside England.

The directory lists services in England, where Throughcare works. Showing English services, ranked
by distance, to someone who lives in Wales or Scotland would suggest they can use them; health and
justice services there are run separately. So the page says so and points to that nation's own
directories.
"""

from dataclasses import dataclass

from throughcare.geography.models import Country


@dataclass(frozen=True)
class Signpost:
    nation: str
    links: tuple[tuple[str, str, str], ...]  # (name, address, what it offers)


SIGNPOSTS = {
    Country.WALES: Signpost(
        "Wales",
        (
            ("NHS 111 Wales", "https://111.wales.nhs.uk/", "local NHS services, including mental health"),
            ("Dewis Cymru", "https://www.dewis.wales/", "well-being services and community support in Wales"),
        ),
    ),
    Country.SCOTLAND: Signpost(
        "Scotland",
        (
            ("NHS inform", "https://www.nhsinform.scot/", "Scotland's Service Directory of NHS services"),
            ("ALISS", "https://www.aliss.org/", "local community and well-being support in Scotland"),
        ),
    ),
    Country.NORTHERN_IRELAND: Signpost(
        "Northern Ireland",
        (
            (
                "nidirect",
                "https://www.nidirect.gov.uk/",
                "health and mental health services in Northern Ireland",
            ),
        ),
    ),
    Country.ISLE_OF_MAN: Signpost(
        "the Isle of Man",
        (("Isle of Man Government", "https://www.gov.im/", "Manx Care health and mental health services"),),
    ),
    Country.GUERNSEY: Signpost(
        "Guernsey",
        (("States of Guernsey", "https://www.gov.gg/", "health and social care services in Guernsey"),),
    ),
    Country.JERSEY: Signpost(
        "Jersey",
        (("Government of Jersey", "https://www.gov.je/", "health and mental health services in Jersey"),),
    ),
}


def signpost_for(nation) -> Signpost | None:
    return SIGNPOSTS.get(nation)
