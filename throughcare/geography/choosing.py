"""Finding areas by the names people call them: for drop-downs, typed names and "did you mean".

Used wherever a page asks for an area (a service's coverage, the court view), so that nobody needs
to know an ONS or probation code.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches

from throughcare.geography.selectors import AreaType, NamedArea, named_areas

SUGGESTIONS = 3
# The drop-down's group of each kind of area.
GROUP_HEADINGS = {
    AreaType.LOCAL_AUTHORITY: "Local authorities",
    AreaType.ICB: "Integrated care boards",
    AreaType.NHS_REGION: "NHS regions",
    AreaType.PDU: "Probation delivery units",
    AreaType.PROBATION_REGION: "Probation regions",
}


@dataclass
class AreaOptions:
    """The areas of the kinds a page offers, by name, loaded once per request (one query a kind)."""

    areas: list[NamedArea]
    by_value: dict[str, NamedArea] = field(init=False)
    by_words: dict[str, list[NamedArea]] = field(init=False)  # by name and by label, in lower case

    def __post_init__(self) -> None:
        self.by_value = {area.value: area for area in self.areas}
        self.by_words = {}
        for area in self.areas:
            for words in dict.fromkeys([area.name.casefold(), area.label.casefold()]):
                self.by_words.setdefault(words, []).append(area)

    @classmethod
    def load(cls, kinds: Iterable[AreaType]) -> "AreaOptions":
        return cls(named_areas(kinds))

    def choices(self, *, by_code: bool = False) -> list:
        """For a drop-down: an empty first choice, then each kind of area in its own group.

        The values are "kind:code", or the bare codes where a page's codes cannot clash (by_code).
        """
        groups: dict[AreaType, list[tuple[str, str]]] = {}
        for area in self.areas:
            groups.setdefault(area.kind, []).append((area.code if by_code else area.value, area.label))
        headings = {kind: GROUP_HEADINGS[kind] for kind in groups}
        return [("", ""), *[(headings[kind], options) for kind, options in groups.items()]]

    def named(self, words: str) -> NamedArea | None:
        """The one area with that name or label ("Leeds" alone names both an authority and a PDU)."""
        found = self.by_words.get(words.casefold(), [])
        return found[0] if len(found) == 1 else None

    def nearest(self, words: str) -> list[str]:
        """The labels of the areas whose names are closest to words that name no one area."""
        close = get_close_matches(words.casefold(), list(self.by_words), n=SUGGESTIONS, cutoff=0.6)
        return list(dict.fromkeys(area.label for match in close for area in self.by_words[match]))[
            :SUGGESTIONS
        ]


def no_such_area(words: str, nearest: list[str]) -> str:
    """The message for words that name no one area, with the nearest names when there are any."""
    if not nearest:
        return f"There is no area called “{words}”: check the spelling, or choose an area from the list"
    if len(nearest) == 1:
        return f"There is no area called “{words}”: did you mean {nearest[0]}?"
    return f"There is no area called “{words}”: did you mean {', '.join(nearest[:-1])} or {nearest[-1]}?"
