"""What a home page is made of: sections of work, each linking to the list it comes from, filtered."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

# Each section shows its first few items; the link to its list shows the rest.
SHOWN_PER_SECTION = 5


@dataclass(frozen=True)
class Item:
    text: str
    href: str
    detail: str = ""
    # A short GOV.UK tag beside the item ("Overdue"), and its colour class suffix ("red").
    tag: str = ""
    tag_colour: str = ""
    # The referral the item is about, for the page's audit event (a read of personal data).
    referral_id: str = ""


@dataclass
class Section:
    key: str
    title: str
    # Says plainly that there is nothing to do, when there is not.
    empty_text: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    list_href: str = ""
    list_text: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


@dataclass(frozen=True)
class Figure:
    """A headline figure for a commissioner, already through disclosure control."""

    label: str
    value: str
    href: str
    link_text: str
    note: str = ""


def url(name: str, *args, **params) -> str:
    """A list's address, with its filters (None values left out)."""
    address = reverse(name, args=args)
    kept = {key: value for key, value in params.items() if value is not None}
    return f"{address}?{urlencode(kept)}" if kept else address


def referrals_list(**filters) -> str:
    """The caseload list (`referrals:worklist`) with the filters of its fixed contract: direction,
    group, service, person, worker, overdue."""
    return url("referrals:worklist", **filters)
