"""Each service's term codes, kept on its row, agree with its terms whichever way the terms change."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from throughcare.core.models import AuditEvent
from throughcare.directory import term_codes
from throughcare.directory.models import Service, Taxonomy, TaxonomyTerm
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.oruk.loading import with_full_prefetch
from throughcare.directory.oruk.serialisers import full_services
from throughcare.directory.tests.factories import ServiceFactory, vocabulary_terms
from throughcare.directory.vocabularies import NEEDS

pytestmark = pytest.mark.django_db


def stored(service) -> str:
    return Service.objects.values_list("term_codes", flat=True).get(id=service.id)


def test_codes_are_sorted_whole_tokens_of_our_vocabularies_only():
    imported = Taxonomy.objects.create(name="A feed's own taxonomy", description="")
    theirs = TaxonomyTerm.objects.create(taxonomy=imported, code="anxiety", name="Anxiety", description="")
    service = ServiceFactory(
        terms=[*vocabulary_terms(need=["depression", "anxiety"], delivery=["online"]), theirs]
    )
    assert stored(service) == " delivery:online need:anxiety need:depression "
    assert term_codes.token("need", "anxiety") in stored(service)
    assert term_codes.parse(stored(service)) == {
        "delivery": frozenset({"online"}),
        "need": frozenset({"anxiety", "depression"}),
    }
    assert term_codes.term_codes_text([]) == ""
    assert term_codes.parse("") == {}


def test_adding_removing_and_clearing_from_the_service_side_keeps_the_text():
    service = ServiceFactory()
    assert stored(service) == ""
    [anxiety] = vocabulary_terms(need=["anxiety"])
    [online] = vocabulary_terms(delivery=["online"])
    service.terms.add(anxiety, online)
    assert stored(service) == " delivery:online need:anxiety "
    service.terms.remove(online)
    assert stored(service) == " need:anxiety "
    service.terms.set([online])
    assert stored(service) == " delivery:online "
    service.terms.clear()
    assert stored(service) == ""


def test_changes_from_the_term_side_keep_every_service_it_touches():
    first, second, untouched = ServiceFactory(), ServiceFactory(), ServiceFactory()
    [trauma] = vocabulary_terms(need=["trauma"])
    trauma.services.add(first, second)
    assert stored(first) == stored(second) == " need:trauma "
    trauma.services.remove(second)
    assert (stored(first), stored(second)) == (" need:trauma ", "")
    trauma.services.clear()
    assert stored(first) == ""
    assert stored(untouched) == ""
    assert term_codes.services_out_of_step() == []


def test_saving_a_copy_loaded_before_the_terms_changed_keeps_the_new_text():
    service = ServiceFactory(terms=vocabulary_terms(need=["anxiety"]))
    loaded_earlier = Service.objects.get(id=service.id)
    service.terms.set(vocabulary_terms(need=["trauma"]))
    loaded_earlier.capacity_available = 3
    loaded_earlier.save()
    assert stored(service) == " need:trauma "
    assert Service.objects.get(id=service.id).capacity_available == 3


def test_deleting_a_term_takes_it_out_of_the_services_that_had_it():
    service = ServiceFactory(terms=vocabulary_terms(need=["anxiety", "trauma"]))
    TaxonomyTerm.objects.filter(id=NEEDS.term_id("trauma")).delete()
    assert stored(service) == " need:anxiety "


def test_an_open_referral_import_sets_the_text_with_the_terms():
    service = ServiceFactory(terms=vocabulary_terms(need=["anxiety"], referral_route=["self"]))
    records = full_services(list(with_full_prefetch(Service.objects.filter(id=service.id))))
    Service.objects.filter(id=service.id).update(term_codes="")  # as if it had never been worked out
    assert term_codes.services_out_of_step() == [service.id]
    records[0]["name"] = "Renamed upstream"  # so the import writes the service again
    assert import_services(records).updated == 1
    assert stored(service) == " need:anxiety referral_route:self "
    Service.objects.filter(id=service.id).delete()
    assert import_services(records).created == 1
    assert stored(service) == " need:anxiety referral_route:self "


def test_refresh_and_the_migration_work_out_what_was_lost():
    services = [
        ServiceFactory(terms=vocabulary_terms(need=["anxiety"])),
        ServiceFactory(terms=vocabulary_terms(need=["anxiety"], delivery=["phone"])),
        ServiceFactory(),
    ]
    Service.objects.update(term_codes=" need:psychosis ")
    assert set(term_codes.services_out_of_step()) == {s.id for s in services}
    term_codes.refresh_term_codes([s.id for s in services[:2]])
    assert term_codes.services_out_of_step() == [services[2].id]
    Service.objects.update(term_codes="")
    migration = importlib.import_module("throughcare.directory.migrations.0006_service_term_codes")
    migration.fill_term_codes(apps, schema_editor=None)
    assert term_codes.services_out_of_step() == []
    assert stored(services[1]) == " delivery:phone need:anxiety "


def test_the_command_finds_and_repairs_services_out_of_step():
    right = ServiceFactory(terms=vocabulary_terms(need=["anxiety"]))
    wrong = ServiceFactory(terms=vocabulary_terms(need=["trauma"]))
    out = StringIO()
    call_command("term_codes", stdout=out)
    assert "agree" in out.getvalue()
    Service.objects.filter(id=wrong.id).update(term_codes=" need:anxiety ")
    with pytest.raises(CommandError, match="disagree with the terms of 1 service "):
        call_command("term_codes")
    call_command("term_codes", "--repair", stdout=out)
    assert "Put right the term codes of 1 service." in out.getvalue()
    assert (stored(right), stored(wrong)) == (" need:anxiety ", " need:trauma ")
    [event] = AuditEvent.objects.filter(verb="directory.term_codes_repaired")
    assert event.payload == {"services": 1}
