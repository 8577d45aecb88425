"""Throughcare's structured fields as HSDS attributes, and back again.

A service's tier, its coded terms (needs, routes, custody stages, delivery, communities) and its
facts (facts.py) travel as attributes pointing at our published taxonomy terms, so any Open
Referral client can read them and our own importer can put them back in the right fields.
Attributes of other taxonomies are stored as they came (the Attribute model) and published again.

Attribute ids for our structured fields are derived from what they say, so they stay the same from
one request, export or deployment to the next.
"""

import uuid
from dataclasses import dataclass, field
from functools import cache

from throughcare.core.web_addresses import published_link
from throughcare.directory.models import Attribute, Service, TaxonomyTerm
from throughcare.directory.oruk import facts
from throughcare.directory.service_facts import PUBLISHED_AS_ATTRIBUTES
from throughcare.directory.vocabularies import TAXONOMY_URI, TIERS, VOCABULARIES

ATTRIBUTE_NAMESPACE = uuid.UUID("0d5f0a3e-2b8c-4e8e-9a51-7d0c6a1f4b21")

# Every term id of our own taxonomies -> (vocabulary, code); facts are looked up in facts.BY_TERM_ID.
VOCABULARY_TERMS = {
    vocabulary.term_id(code): (vocabulary, code) for vocabulary in VOCABULARIES for code in vocabulary.codes
}
OUR_TAXONOMY_IDS = {vocabulary.id: vocabulary for vocabulary in VOCABULARIES}
OUR_TAXONOMY_IDS_AND_FACTS = {*OUR_TAXONOMY_IDS, facts.FACTS_TAXONOMY_ID}

AREA_FACTS = {
    "covers_local_authority": "local_authorities",
    "covers_icb": "icbs",
    "covers_pdu": "pdus",
}
# The service fields published as fact attributes (service_facts.py).
SERVICE_FACT_FIELDS = PUBLISHED_AS_ATTRIBUTES


def _compact(record: dict, *, keep: tuple[str, ...] = ()) -> dict:
    return {key: value for key, value in record.items() if key in keep or value not in (None, "")}


def term_json(term: TaxonomyTerm) -> dict:
    """A stored term (with its taxonomy selected) as HSDS-UK taxonomy_term."""
    taxonomy = term.taxonomy
    return _compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "code": term.code,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": taxonomy.name if taxonomy else term.taxonomy_name,
            "taxonomy_id": str(term.taxonomy_id) if term.taxonomy_id else None,
            "term_uri": published_link(term.term_uri),
            "term": term.name,
        },
        keep=("name", "description"),
    )


@cache
def vocabulary_term_json(vocabulary_code: str, code: str) -> dict:
    """One of our vocabularies' terms, as the migration stores it, without asking the database."""
    vocabulary = next(v for v in VOCABULARIES if v.code == vocabulary_code)
    name, description = next((n, d) for c, n, d in vocabulary.terms if c == code)
    return {
        "id": str(vocabulary.term_id(code)),
        "name": name,
        "description": description,
        "code": code,
        "taxonomy": vocabulary.name,
        "taxonomy_id": str(vocabulary.id),
        "term_uri": f"{TAXONOMY_URI}/{vocabulary.code}/{code}",
        "term": name,
    }


@cache
def fact_term_json(code: str) -> dict:
    fact = facts.BY_CODE[code]
    return {
        "id": str(fact.term_id),
        "name": fact.name,
        "description": fact.description,
        "code": fact.code,
        "taxonomy": facts.FACTS_NAME,
        "taxonomy_id": str(facts.FACTS_TAXONOMY_ID),
        "term_uri": fact.term_uri,
        "term": fact.name,
    }


def attribute_json(*, link_type: str, link_id, term: dict, value: str = "", attribute_id=None) -> dict:
    if attribute_id is None:
        attribute_id = uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{link_type}/{link_id}/{term['id']}/{value}")
    record = {
        "id": str(attribute_id),
        "link_id": str(link_id),
        "link_type": link_type,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    if value:
        record["value"] = value
    return record


def stored_attribute_json(attribute: Attribute) -> dict:
    return attribute_json(
        link_type=attribute.link_type,
        link_id=attribute.link_id,
        term=term_json(attribute.taxonomy_term),
        value=attribute.value,
        attribute_id=attribute.id,
    )


def fact_attribute(link_type: str, link_id, code: str, value) -> dict:
    return attribute_json(
        link_type=link_type,
        link_id=link_id,
        term=fact_term_json(code),
        value=facts.encode(facts.BY_CODE[code], value),
    )


def sort_attributes(attributes: list[dict]) -> list[dict]:
    """One order whatever the attributes' source, so a record reads the same after a round trip."""

    def key(attribute):
        term = attribute["taxonomy_term"]
        return (term.get("taxonomy", ""), term["name"], attribute.get("value", ""), attribute["id"])

    return sorted(attributes, key=key)


def service_attributes(
    service: Service, *, terms: list[dict], areas: dict, stored: list[Attribute]
) -> list[dict]:
    """The service's tier, coded terms (term dicts), facts, areas (codes by relation), stored attributes."""
    attributes = []
    if service.tier in TIERS.codes:
        attributes.append(
            attribute_json(
                link_type="service", link_id=service.id, term=vocabulary_term_json(TIERS.code, service.tier)
            )
        )
    attributes += [attribute_json(link_type="service", link_id=service.id, term=term) for term in terms]
    for name in SERVICE_FACT_FIELDS:
        value = getattr(service, name)
        if value is not None and value != "":
            attributes.append(fact_attribute("service", service.id, name, value))
    for code, relation in AREA_FACTS.items():
        for area_code in areas.get(relation, ()):
            attributes.append(fact_attribute("service", service.id, code, area_code))
    attributes += [stored_attribute_json(attribute) for attribute in stored]
    # The tier is held as a column and, for matching, among the coded terms too (ADR 19): both give the
    # same attribute with the same id. HSDS ids are keys, so each is published once.
    unique = {attribute["id"]: attribute for attribute in attributes}
    return sort_attributes(list(unique.values()))


# --- Reading attributes back ------------------------------------------------------------------


@dataclass
class ReadAttributes:
    """What a record's attributes said, sorted into our fields and everything else."""

    tier: str = ""
    term_ids: set = field(default_factory=set)
    values: dict = field(default_factory=dict)  # fact code -> value
    areas: dict = field(default_factory=lambda: {relation: set() for relation in AREA_FACTS.values()})
    stored: list = field(default_factory=list)  # Attribute field dicts for other taxonomies' terms
    terms: list = field(default_factory=list)  # (term dict) for other taxonomies' terms, to store


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def read_attributes(attributes, *, link_type: str, link_id, path: str, errors: list) -> ReadAttributes:
    """Sort attributes into our fields; append (field, message) to `errors` for what cannot be read."""
    read = ReadAttributes()
    if attributes is not None and not isinstance(attributes, list):
        errors.append((path, "Give the attributes as a list of attribute objects."))
        return read
    for index, attribute in enumerate(attributes or []):
        where = f"{path}[{index}]"
        if not isinstance(attribute, dict):
            errors.append((where, "Each attribute must be a JSON object."))
            continue
        term = attribute.get("taxonomy_term") or {}
        if not isinstance(term, dict):
            errors.append((f"{where}.taxonomy_term", "Give the taxonomy term as a JSON object."))
            continue
        try:
            term_id = _uuid(attribute.get("taxonomy_term_id") or term.get("id"))
        except (TypeError, ValueError):
            errors.append((f"{where}.taxonomy_term_id", "Give the attribute's taxonomy term id (a UUID)."))
            continue
        value = attribute.get("value") or ""
        if term_id in facts.BY_TERM_ID:
            _read_fact(read, facts.BY_TERM_ID[term_id], value, where, errors)
        elif term_id in VOCABULARY_TERMS:
            vocabulary, code = VOCABULARY_TERMS[term_id]
            if vocabulary is TIERS:
                if read.tier and read.tier != code:
                    errors.append((f"{where}.taxonomy_term_id", "A service has one tier; this is a second."))
                read.tier = code
            else:
                read.term_ids.add(term_id)
        elif _taxonomy_of(term) in OUR_TAXONOMY_IDS_AND_FACTS:
            errors.append(
                (
                    f"{where}.taxonomy_term",
                    f"Unknown term {term.get('code') or term.get('name') or term_id} in Throughcare's "
                    f"taxonomy {term.get('taxonomy', '')}.".replace(" .", "."),
                )
            )
        else:
            _read_other(read, attribute, term, term_id, value, link_type, link_id, where, errors)
    return read


def _taxonomy_of(term: dict):
    try:
        return _uuid(term.get("taxonomy_id")) if term.get("taxonomy_id") else None
    except ValueError:
        return None


def _read_fact(read: ReadAttributes, fact: facts.Fact, value: str, where: str, errors: list) -> None:
    try:
        decoded = facts.decode(fact, value)
    except ValueError as exc:
        errors.append((f"{where}.value", str(exc)))
        return
    if fact.code in AREA_FACTS:
        read.areas[AREA_FACTS[fact.code]].add(decoded)
    elif fact.code in read.values and read.values[fact.code] != decoded:
        errors.append((f"{where}.value", f"{fact.code} is given twice, with different values."))
    else:
        read.values[fact.code] = decoded


def _read_other(read, attribute, term, term_id, value, link_type, link_id, where, errors) -> None:
    try:
        attribute_id = _uuid(attribute.get("id"))
    except (TypeError, ValueError):
        errors.append((f"{where}.id", "Give the attribute an id (a UUID)."))
        return
    if not term.get("name"):
        errors.append((f"{where}.taxonomy_term.name", "Give the term's name."))
        return
    if len(value) > facts.MAX_TEXT_LENGTH:
        errors.append(
            (f"{where}.value", f"An attribute's value is at most {facts.MAX_TEXT_LENGTH} characters.")
        )
        return
    read.terms.append({**term, "id": str(term_id)})
    read.stored.append(
        {
            "id": attribute_id,
            "link_type": link_type,
            "link_id": _uuid(link_id),
            "taxonomy_term_id": term_id,
            "value": value,
        }
    )
