"""Matching's hand-written queries read the facts in the order ServiceFacts takes them."""

from throughcare.matching.candidate_sql import FACT_COLUMNS
from throughcare.matching.facts import FACT_FIELDS, ServiceFacts


def test_fact_columns_follow_the_fact_fields_and_the_facts_they_fill():
    expected = ["o.name" if name == "organisation__name" else f"s.{name}" for name in FACT_FIELDS[1:]]
    assert list(FACT_COLUMNS) == expected
    filled = [f.name for f in ServiceFacts.__dataclass_fields__.values()][: len(FACT_FIELDS) - 1]
    assert filled == [name.replace("__", "_") for name in FACT_FIELDS[:-1]]
