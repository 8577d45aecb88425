"""Subject access: everything Throughcare holds about a person, as a readable document and JSON, zipped.

The rows come from the model-graph walk (`graph.records_about`), so every table about a person is
exported; the access log comes from the audit trail. Producing an export is itself audited.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.people.models import Person
from throughcare.rights.graph import SECTION_TITLES, records_about
from throughcare.rights.selectors import access_events, describe


@dataclass(frozen=True)
class Section:
    label: str
    title: str
    rows: list[list[tuple[str, object]]]  # each row: (field name in words, value in words)
    data: list[dict]  # each row as JSON values


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list | dict):
        return value
    return str(value)


def _names_of_related(records) -> dict[tuple[type, object], str]:
    """The name of every record the person's rows point at, one query per kind of record."""
    wanted: dict[type[models.Model], set] = {}
    for rows in records.rows.values():
        for row in rows:
            for key in row._meta.concrete_fields:
                if (key.many_to_one or key.one_to_one) and getattr(row, key.attname) is not None:
                    wanted.setdefault(key.related_model, set()).add(getattr(row, key.attname))
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def _section(label: str, rows: list[models.Model], names) -> Section:
    readable, data = [], []
    for row in rows:
        fields, values = [], {}
        for key in row._meta.concrete_fields:
            raw = getattr(row, key.attname)
            if (key.many_to_one or key.one_to_one) and raw is not None:
                shown = names.get((key.related_model, raw), str(raw))
                values[key.name] = {"id": _plain(raw), "name": shown}
            elif key.choices:
                shown = dict(key.flatchoices).get(raw, raw)
                values[key.name] = _plain(raw)
            else:
                shown = raw
                values[key.name] = _plain(raw)
            fields.append((str(key.verbose_name).capitalize(), "" if shown in (None, "") else shown))
        readable.append(fields)
        data.append(values)
    return Section(label=label, title=SECTION_TITLES.get(label, label), rows=readable, data=data)


def _access_log(person: Person) -> list[dict]:
    events = access_events(person).select_related("actor").order_by("id")
    return [
        {
            "when": event.occurred_at.isoformat(),
            "who": str(event.actor) if event.actor else "Throughcare (automatic)",
            "organisation_id": str(event.organisation_id) if event.organisation_id else None,
            "what": describe(event.verb),
            "verb": event.verb,
            "record": event.target_type,
        }
        for event in events.iterator(chunk_size=2000)
    ]


def subject_access_archive(*, actor, person: Person, via: str) -> bytes:
    """The zip of a person's data (record.html and record.json); the export is audited in the trail."""
    records = records_about(person)
    names = _names_of_related(records)
    sections = [_section(label, rows, names) for label, rows in records.rows.items()]
    access_log = _access_log(person)
    generated_at = timezone.now()
    document = {
        "person_id": str(person.pk),
        "generated_at": generated_at.isoformat(),
        "sections": {s.label: {"title": s.title, "rows": s.data} for s in sections},
        "access_log": access_log,
    }
    html = render_to_string(
        "rights/subject_access_document.html",
        {"person": person, "sections": sections, "access_log": access_log, "generated_at": generated_at},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.html", html)
        archive.writestr("record.json", json.dumps(document, indent=2, ensure_ascii=False, default=str))
    audit.record(
        actor=actor,
        verb=AuditVerb.PERSON_SUBJECT_ACCESS_EXPORTED,
        target=person,
        payload={
            "via": via,
            "rows": {s.label: len(s.rows) for s in sections},
            "access_events": len(access_log),
        },
    )
    return buffer.getvalue()
