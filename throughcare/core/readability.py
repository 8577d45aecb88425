"""How hard a text is to read: the Flesch-Kincaid grade, and the reading age it means.

Pages written for the people Throughcare serves aim at a reading age of 9 or below (many have had
little schooling; the report behind Throughcare speaks of "difficulties understanding what is on
offer"). Tests score every such page with this. A reading age is the grade plus 5, as UK plain
English guidance reads US grades.

Syllables are counted by the usual rule of thumb (groups of vowels, less a silent final e), which is
close enough for everyday English to rank a page, without a pronouncing dictionary to download.
"""

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)|\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower().replace("'", "")
    groups = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def flesch_kincaid_grade(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]), 1)
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59


def reading_age(text: str) -> float:
    return flesch_kincaid_grade(text) + 5
