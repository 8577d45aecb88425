"""Matching's hand-written queries read the facts in the order ServiceFacts takes them."""

from throughcare.matching.candidate_sql import FACT_COLUMNS, FACT_FIELDS
from throughcare.matching.facts import ServiceFacts


def test_fact_columns_follow_the_fact_fields_and_the_facts_they_fill():
    assert FACT_COLUMNS[:3] == ("s.name", "o.name", "s.tier")
    assert len(FACT_COLUMNS) == len(FACT_FIELDS) - 1
    filled = [f.name for f in ServiceFacts.__dataclass_fields__.values()][: len(FACT_FIELDS) - 1]
    assert filled == [name.replace("__", "_") for name in FACT_FIELDS[:-1]]
