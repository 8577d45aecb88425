"""The audit trail as people read it: filters, pages of events without counting the table, and
each event told as a sentence ("Priya Practitioner viewed Jordan Example's record")."""

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from throughcare.core.audit_verbs import AuditVerb, reads, verb_choices
from throughcare.core.forms import GovukForm
from throughcare.core.models import AuditEvent
from throughcare.directory.forms.fields import GovukDateField

PAGE_SIZE = 50
# How each kind of target is named in a sentence: the model and the fields that make its name.
TARGET_NAMES: dict[str, tuple[str, ...]] = {
    "people.person": ("given_names", "family_name"),
    "accounts.user": ("full_name",),
    "accounts.organisation": ("name",),
    "directory.service": ("name",),
}
# Verbs whose events have no signed-in actor because nobody was signed in yet.
SIGNED_OUT_VERBS = {
    AuditVerb.USER_SIGN_IN_FAILED,
    AuditVerb.USER_SIGN_IN_LOCKED_OUT,
    AuditVerb.USER_PASSWORD_RESET_REQUESTED,
    AuditVerb.USER_PASSWORD_RESET,
}


class AuditFilterForm(GovukForm):
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *verb_choices()],
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    user = forms.EmailField(
        label="User's email address",
        required=False,
        error_messages={
            "invalid": "Enter the user's email address in the correct format, like name@example.com"
        },
    )
    organisation = forms.ChoiceField(
        label="Organisation",
        required=False,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    person = forms.CharField(
        label="Person's reference",
        required=False,
        help_text="Shown in the address of their record, or choose a person's name in the list below",
    )
    date_from = GovukDateField(label="From date")
    date_to = GovukDateField(label="To date")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", "Any organisation"),
            *organisations,
        ]

    def clean_user(self):
        email = self.cleaned_data["user"].strip().lower()
        if not email:
            return None
        user = apps.get_model("accounts", "User").objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("There is no user with that email address")
        return user

    def clean_person(self):
        reference = self.cleaned_data["person"].strip()
        if not reference:
            return ""
        try:
            return str(uuid.UUID(reference))
        except ValueError:
            raise forms.ValidationError(
                "Enter the person's reference as it appears in the address of their record, "
                "like 3f2b8c1e-5d4a-4c2b-9e1f-7a6b5c4d3e2f"
            ) from None

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns cleaned_data
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned

    def filtered(self, events: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(verb=data["action"])
        if data.get("user"):
            events = events.filter(actor=data["user"])
        if data.get("organisation"):
            events = events.filter(organisation_id=data["organisation"])
        if data.get("person"):
            events = events.filter(target_type="people.person", target_id=data["person"])
        if data.get("date_from"):
            events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(occurred_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return events


# The query parameters a filter can hold (a date is three boxes), kept in links between pages.
AUDIT_FILTER_PARAMETERS = frozenset(
    {"action", "user", "organisation", "person"}
    | {f"{date}_{part}" for date in ("date_from", "date_to") for part in ("day", "month", "year")}
)


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class EventLine:
    event: AuditEvent
    actor: str
    sentence: str
    person_id: str = ""


@dataclass(frozen=True)
class EventPage:
    lines: list[EventLine]
    newer_than: int | None  # link to newer events: those with ids above this one
    older_than: int | None  # link to older events: those with ids below this one


def page_of(events: QuerySet, *, before: int | None, after: int | None) -> EventPage:
    """A page of events, newest first, found by id (keyset) rather than by counting rows to skip."""
    events = events.select_related("actor")
    if after is not None:
        rows = list(events.filter(id__gt=after).order_by("id")[: PAGE_SIZE + 1])
        more_newer, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE][::-1]
        more_older = bool(rows)
    else:
        if before is not None:
            events = events.filter(id__lt=before)
        rows = list(events.order_by("-id")[: PAGE_SIZE + 1])
        more_older, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        more_newer = before is not None and bool(rows)
    return EventPage(
        lines=tell(rows),
        newer_than=rows[0].id if rows and more_newer else None,
        older_than=rows[-1].id if rows and more_older else None,
    )


def _target_names(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Every named target on the page, one query per kind of target."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.target_type in TARGET_NAMES and event.target_id:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    names = {}
    for target_type, ids in wanted.items():
        fields = TARGET_NAMES[target_type]
        model = apps.get_model(target_type)
        valid = [i for i in ids if _is_uuid(i)]
        for pk, *parts in model.objects.filter(pk__in=valid).values_list("pk", *fields):
            names[(target_type, str(pk))] = " ".join(p for p in parts if p)
    return names


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _actor_name(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.full_name or event.actor_label
    return "Someone not signed in" if event.verb in SIGNED_OUT_VERBS else "Throughcare"


def tell(events: list[AuditEvent]) -> list[EventLine]:
    names = _target_names(events)
    lines = []
    for event in events:
        target = names.get((event.target_type, event.target_id))
        lines.append(
            EventLine(
                event=event,
                actor=_actor_name(event),
                sentence=reads(event.verb, target),
                person_id=event.target_id if event.target_type == "people.person" and target else "",
            )
        )
    return lines
