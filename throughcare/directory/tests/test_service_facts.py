"""Each service fact is declared once (service_facts.py), every Service field is accounted for, every
list of facts elsewhere derives from the declaration, and every published fact survives a round trip
through Open Referral UK."""

import datetime as dt

import pytest
from django.db import models

from throughcare.directory.details import ServiceDetails
from throughcare.directory.forms import service as service_form
from throughcare.directory.models import Service
from throughcare.directory.oruk import facts as oruk_facts
from throughcare.directory.oruk.attributes import SERVICE_FACT_FIELDS
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.service_facts import (
    BY_NAME,
    EDITABLE,
    MATCHED,
    NOT_FACTS,
    SERVICE_FACTS,
    Form,
    Kind,
    Published,
    fact_names,
)
from throughcare.directory.services import SCALAR_FIELDS
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.directory.tests.test_oruk_import import published, wipe_directory
from throughcare.directory.vocabularies import TIERS
from throughcare.matching.candidate_sql import FACT_FIELDS
from throughcare.matching.facts import ServiceFacts

CONCRETE_FIELDS = {field.name for field in Service._meta.concrete_fields}
# The model field classes each kind of fact is held in.
FIELD_CLASSES = {
    Kind.TEXT: (models.CharField, models.TextField),  # URLField and EmailField are CharFields
    Kind.COUNT: (models.PositiveSmallIntegerField, models.PositiveIntegerField),
    Kind.BOOL: (models.BooleanField,),
    Kind.CODE: (models.CharField,),
    Kind.CODES: (models.JSONField,),
    Kind.GENDER: (models.CharField,),
    Kind.RISK: (models.PositiveSmallIntegerField,),
    Kind.DATE: (models.DateField,),
    Kind.DATETIME: (models.DateTimeField,),
}


def test_every_concrete_service_field_is_a_fact_or_excluded_on_purpose():
    declared = {fact.name for fact in SERVICE_FACTS}
    assert len(declared) == len(SERVICE_FACTS), "a fact is declared twice"
    assert not declared & set(NOT_FACTS)
    missing = CONCRETE_FIELDS - declared - set(NOT_FACTS)
    assert not missing, f"declare {missing} in service_facts.py, or say in NOT_FACTS why not"
    assert declared | set(NOT_FACTS) == CONCRETE_FIELDS


@pytest.mark.parametrize("fact", SERVICE_FACTS, ids=lambda fact: fact.name)
def test_each_fact_is_whole_and_its_kind_fits_its_field(fact):
    assert fact.label
    assert fact.help_text
    field = Service._meta.get_field(fact.name)
    assert isinstance(field, FIELD_CLASSES[fact.kind])
    assert isinstance(field, models.DateTimeField) == (fact.kind == Kind.DATETIME)


def test_the_directory_open_referral_and_matching_lists_derive_from_the_declaration():
    assert SCALAR_FIELDS == EDITABLE
    assert fact_names(published=Published.ATTRIBUTE) == SERVICE_FACT_FIELDS
    assert ("id", "name", "organisation__name", *MATCHED[1:], "term_codes") == FACT_FIELDS
    for name in SERVICE_FACT_FIELDS:
        fact, published_fact = BY_NAME[name], oruk_facts.BY_CODE[name]
        assert (published_fact.name, published_fact.description, published_fact.kind) == (
            fact.label,
            fact.help_text,
            fact.kind,
        )


def test_matching_reads_every_matched_fact_into_its_service_facts():
    filled = set(ServiceFacts.__dataclass_fields__)
    assert set(MATCHED) <= filled


def test_every_editable_fact_has_a_question_on_the_service_page_and_a_place_in_its_details():
    form_fields = set(service_form.ServiceForm.base_fields)
    details_fields = set(ServiceDetails.__dataclass_fields__)
    for name in EDITABLE:
        assert name in form_fields, f"the service page asks nothing about {name}"
        assert name in details_fields, f"ServiceDetails has no {name}"
    groups = [
        service_form.YES_NO_FIELDS,
        service_form.NUMBER_FIELDS,
        service_form.TEXT_FIELDS,
        service_form.CODE_FIELDS,
        tuple(name for name in service_form.LIST_FIELDS if name in BY_NAME),
        tuple(service_form.DEADLINE_DEFAULTS),
        service_form.OWN_QUESTION_FIELDS,
    ]
    in_groups = [name for group in groups for name in group]
    assert sorted(in_groups) == sorted(EDITABLE), (
        "each editable fact is read by exactly one of the form's lists"
    )


def test_facts_nobody_edits_are_kept_by_throughcare():
    assert set(fact_names(form=Form.NONE)) == {
        "accreditations",  # imported from Open Referral only
        "alternate_name",  # HSDS text kept from imports and published back (ADR 10)
        "application_process",
        "eligibility_description",
        "fees_description",
        "capacity_updated_at",
        "funding_ends_on",
        "last_confirmed_on",
        "last_confirmed_by",
    }


def _value_unlike_the_default(fact, index: int):
    """A valid value for the fact that is not its field's default, so a fact lost on the way in or
    out shows as a difference. Counts rise in declaration order, keeping minimum below maximum."""
    field = Service._meta.get_field(fact.name)
    default = field.get_default()
    if fact.name == "tier":
        return sorted(TIERS.codes)[-1]
    if field.choices:
        return next(value for value, _label in field.choices if value != default)
    if fact.kind == Kind.BOOL:
        return not default
    if fact.kind == Kind.COUNT:
        return 20 + index
    if fact.kind == Kind.DATE:
        return dt.date(2027, 3, 1) + dt.timedelta(days=index)
    if fact.kind == Kind.DATETIME:
        return dt.datetime(2026, 11, 2, 9, 30, 15, 123456, tzinfo=dt.UTC)
    if isinstance(field, models.URLField):
        return f"https://example.org/{fact.name}"
    if isinstance(field, models.EmailField):
        return f"{fact.name.replace('_', '.')}@example.org"
    return f"The service's {fact.label.lower()}"


PUBLISHED = [fact for fact in SERVICE_FACTS if fact.published != Published.NO]


@pytest.mark.django_db
def test_every_published_fact_survives_a_round_trip_through_open_referral():
    values = {fact.name: _value_unlike_the_default(fact, index) for index, fact in enumerate(PUBLISHED)}
    for fact in PUBLISHED:
        assert values[fact.name] != Service._meta.get_field(fact.name).get_default(), fact.name
    original = ServiceFactory(**values)
    records = published()
    wipe_directory()
    report = import_services(records)
    assert (report.created, report.failed) == (1, 0), report.problems
    imported = Service.objects.get(pk=original.pk)
    for fact in PUBLISHED:
        assert getattr(imported, fact.name) == values[fact.name], fact.name
