"""Each service's coded terms, kept on its own row as text: " need:anxiety tier:primary ... ".

Why: matching asks of about 1,500 candidate services "does it work with any of these needs?" and
then reads the terms of the few hundred that do. Answered from the join table, that was a third of
matching's SQL time (ADR 19). The join table stays the record; this text is derived from it.

Only Throughcare's own vocabularies (vocabularies.py) appear; terms of imported taxonomies do not.
Tokens are sorted and the text starts and ends with a space, so " need:anxiety " matches one whole
code and never a longer one that starts the same way.

Who keeps it: `service.terms` changes through Django (add, remove, set, clear, on either side) are
caught by the signal below; bulk writers that bypass Django's signals (the Open Referral store,
the national demo seed) call `refresh_term_codes` or `term_codes_text` themselves; deleting a term
refreshes the services that had it. `services_out_of_step` finds any row that disagrees.
"""

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from throughcare.directory.models import Service, TaxonomyTerm
from throughcare.directory.vocabularies import VOCABULARIES

# Term ids are derived from their codes, so no query is needed to name them.
CODE_OF_TERM: dict[UUID, str] = {
    vocabulary.term_id(code): f"{vocabulary.code}:{code}"
    for vocabulary in VOCABULARIES
    for code in vocabulary.codes
}


def term_codes_text(term_ids: Iterable) -> str:
    """The stored text for a service with these term ids (UUIDs)."""
    codes = sorted({CODE_OF_TERM[term_id] for term_id in term_ids if term_id in CODE_OF_TERM})
    return f" {' '.join(codes)} " if codes else ""


def token(vocabulary_code: str, code: str) -> str:
    """What to look for in the text to find one code: whole, between spaces."""
    return f" {vocabulary_code}:{code} "


def parse(text: str) -> dict[str, frozenset[str]]:
    """vocabulary code -> the service's codes in it."""
    # Run for every candidate of every match: plain lists, made sets once, cost about a third less
    # than adding to a defaultdict of sets.
    found: dict[str, list[str]] = {}
    for item in text.split():
        vocabulary, _, code = item.partition(":")
        codes = found.get(vocabulary)
        if codes is None:
            found[vocabulary] = [code]
        else:
            codes.append(code)
    return {vocabulary: frozenset(codes) for vocabulary, codes in found.items()}


def _term_ids_of(service_ids: list | None = None) -> dict:
    """service id -> its term ids, for these services (or all of them)."""
    links = Service.terms.through.objects.all()
    if service_ids is not None:
        links = links.filter(service_id__in=service_ids)
    found = defaultdict(list)
    for service_id, term_id in links.values_list("service_id", "taxonomyterm_id"):
        found[service_id].append(term_id)
    return found


def refresh_term_codes(service_ids: Iterable) -> None:
    """Work the text out again, from the join table, for these services."""
    service_ids = list(dict.fromkeys(service_ids))
    for start in range(0, len(service_ids), 500):
        chunk = service_ids[start : start + 500]
        term_ids = _term_ids_of(chunk)
        by_text = defaultdict(list)
        for service_id in chunk:
            by_text[term_codes_text(term_ids.get(service_id, ()))].append(service_id)
        # One UPDATE per distinct text, without touching updated_at: nothing the service says changed.
        for text, ids in by_text.items():
            Service.objects.filter(id__in=ids).update(term_codes=text)


def services_out_of_step() -> list:
    """Ids of services whose stored text disagrees with their terms (none, when all is well)."""
    stored = dict(Service.objects.order_by("id").values_list("id", "term_codes"))
    term_ids = _term_ids_of()  # every link: an IN list of every service would pass SQLite's limit
    return [sid for sid, text in stored.items() if text != term_codes_text(term_ids.get(sid, ()))]


@receiver(m2m_changed, sender=Service.terms.through)
def _terms_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            refresh_term_codes([instance.pk])
        return
    # From the term's side (term.services.add(...)): pk_set names the services, except on clear,
    # when they are read before the links go.
    if action == "pre_clear":
        instance._services_before_clear = list(instance.services.values_list("id", flat=True))
    elif action == "post_clear":
        refresh_term_codes(getattr(instance, "_services_before_clear", []))
    else:
        refresh_term_codes(pk_set or [])


@receiver(pre_delete, sender=TaxonomyTerm)
def _term_deleting(sender, instance, **kwargs):
    if instance.pk in CODE_OF_TERM:
        instance._services_before_delete = list(instance.services.values_list("id", flat=True))


@receiver(post_delete, sender=TaxonomyTerm)
def _term_deleted(sender, instance, **kwargs):
    refresh_term_codes(getattr(instance, "_services_before_delete", []))
