"""What in a person's words may say who someone is: an email address, a phone number, a name.

A moderator reads every word anyway; the flags point at what to look at first, so a name is not
published by being missed. Names are guessed: a capitalised word that does not start a sentence and
is not a common word people capitalise (days, months, "I"). A few false alarms cost a moment's
reading; a missed name is what moderation is for.
"""

import re
from dataclasses import dataclass

from django.db import models


class FlagKind(models.TextChoices):
    EMAIL = "email", "An email address"
    PHONE = "phone", "A phone number"
    NAME = "name", "What may be a name"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 10 to 13 digits, with spaces, dashes or brackets between them: UK numbers as people write them.
PHONE = re.compile(r"(?<!\w)(?:\+?\d[\s()-]*){10,13}(?!\w)")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
NOT_NAMES = frozenset(
    {
        *("I", "I'm", "I've", "I'd", "I'll", "Mr", "Mrs", "Ms", "Miss", "Dr", "OK", "NHS", "GP"),
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "England", "Christmas", "Easter"),
    }
)


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str


def flags_in(words: str, *, ignore: str = "") -> list[Flag]:
    """Each email, phone number and possible name in `words`, in order; words in `ignore` (the
    service's own name) are not names."""
    found: list[Flag] = [Flag(FlagKind.EMAIL, m.group()) for m in EMAIL.finditer(words)]
    without_emails = EMAIL.sub(" ", words)
    found += [Flag(FlagKind.PHONE, m.group().strip()) for m in PHONE.finditer(without_emails)]
    known = {word.lower() for word in WORD.findall(ignore)}
    for sentence in re.split(r"[.!?\n]+", without_emails):
        for word in WORD.findall(sentence)[1:]:  # the first word of a sentence is capitalised anyway
            if word[0].isupper() and word not in NOT_NAMES and word.lower() not in known:
                found.append(Flag(FlagKind.NAME, word))
    return list(dict.fromkeys(found))
