"""Everything Throughcare holds about a person, found by walking the model graph down from Person.

A record is about the person when it points at them, or at a record that is about them (a consent
points at a referral, which points at the person). Walking the graph rather than naming tables means
a new model with a foreign key into a person's records is exported and its access logged with no
change here; `SECTION_TITLES` gives each a plain-English name, and a test fails when one is missing.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from throughcare.people.models import Person

# Every model holding data about a person, by label, in plain English; a test keeps it complete.
SECTION_TITLES: dict[str, str] = {
    "people.person": "Record",
    "people.personalias": "Other names",
    "people.careteammember": "Care team",
    "people.restriction": "Restriction of their record to named people",
    "people.breakglassaccess": "Break-glass access to their restricted record, with the reasons given",
    "people.careteamnotice": "Requests to join their care team, and changes told to its members",
    "rights.rectification": "Corrections to the record",
    "continuity.custodyepisode": "Custody episodes",
    "continuity.order": "Orders and licences",
    "continuity.requirement": "Order requirements",
    "continuity.licencecondition": "Licence conditions",
    "continuity.journeyevent": "Journey through custody and probation",
    "continuity.releaseplanitem": "Release plan",
    "referrals.referral": "Referrals",
    "referrals.referraltransition": "Referral history",
    "referrals.consent": "Consents",
    "referrals.casenote": "Case notes between the services",
    "referrals.casenoteversion": "Earlier wording of changed case notes",
    "referrals.outsidecriteria": "Referrals sent outside a service's criteria, with the reason",
    "people.opdscreening": "Personality disorder pathway screenings",
    "people.programmemembership": "Other programmes they are in (such as IOM or CFO Evolution)",
    "notices.notice": "Notices about them",
    "notices.delivery": "Notice deliveries",
    "appointments.appointment": "Appointments",
    "myplan.planaccess": "Links to see their own plan, and how they chose to be reminded",
    "myplan.signincode": "Sign-in codes for their own plan (kept only as a keyed digest)",
    "myplan.personsession": "Times they signed in to their own plan",
    "myplan.personmessage": "Emails and text messages sent to them about their own plan",
    "myplan.appointmentreminder": "Appointment reminders sent to them",
    "feedback.feedback": "What they said about services",
    "insight.referralfacts": (
        "What each referral's history counts for in commissioners' figures: taken on, decided, "
        "declined and why, seen"
    ),
    "selfreferrals.selfreferral": "Their own requests to a service to get in touch, once taken on",
    "appointments.concern": "Concerns raised",
    "outcomes.outcomemeasurement": "Outcome measures",
    "outcomes.endofservicesummary": "End of service summaries",
}


def _children(model: type[models.Model]) -> Iterator[models.ForeignKey]:
    """Foreign keys pointing at `model` from other models (a self-reference adds no new rows)."""
    # Hidden relations too: a foreign key with related_name="+" still points at the person's data.
    relations = (f for f in model._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete)
    for relation in relations:
        # A many-to-many's own table links two records already found through their own keys.
        if (
            relation.many_to_many
            or relation.related_model is model
            or relation.related_model._meta.auto_created
        ):
            continue
        yield relation.field


def models_about_a_person() -> list[type[models.Model]]:
    """Person and every model below it, parents before children."""
    order: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model):
        if model in order or model in visiting:
            return
        visiting.add(model)
        for key in _children(model):
            visit(key.model)
        visiting.discard(model)
        order.insert(0, model)

    visit(Person)
    return order


@dataclass
class PersonRecords:
    """The rows about one person, by model label, in the order of `models_about_a_person`."""

    person: Person
    rows: dict[str, list[models.Model]] = field(default_factory=dict)

    def ids(self, label: str) -> list:
        return [row.pk for row in self.rows.get(label, [])]

    def targets(self) -> Q:
        """Audit events whose target is any of these records."""
        condition = Q(pk__in=[])
        for label, rows in self.rows.items():
            if rows:
                condition |= Q(target_type=label, target_id__in=[str(row.pk) for row in rows])
        return condition


def records_about(person: Person, *, only_ids: bool = False) -> PersonRecords:
    """Every row about `person` and the records merged into it: one query per model, however many rows."""
    found: dict[type[models.Model], list] = {}
    records = PersonRecords(person=person)
    for model in models_about_a_person():
        if model is Person:
            condition = Q(pk=person.pk) | Q(merged_into=person.pk)
        else:
            condition = Q(pk__in=[])
            for key in model._meta.concrete_fields:
                parent = key.related_model if (key.many_to_one or key.one_to_one) else None
                if parent is not None and parent is not model and parent in found:
                    condition |= Q(**{f"{key.name}__in": [row.pk for row in found[parent]]})
        queryset = model._default_manager.filter(condition).order_by("pk")
        rows = list(queryset.only("pk") if only_ids else queryset)
        found[model] = rows
        records.rows[model._meta.label_lower] = rows
    return records
