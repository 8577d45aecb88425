"""The release-day checklist ("departure lounge"): its items, who owns each side, and their statuses."""

from django.db import models


class PlanItemKind(models.TextChoices):
    GP_REGISTRATION = "gp_registration", "GP registration (or help to register)"
    FIRST_GP_APPOINTMENT = "first_gp_appointment", "First GP appointment"
    MEDICATION = "medication", "Medication supply on release"
    NALOXONE = "naloxone", "Naloxone"
    FIRST_MENTAL_HEALTH_APPOINTMENT = "first_mental_health_appointment", "First mental health appointment"
    HOUSING = "housing", "Housing"
    ID = "id", "Identification (ID)"
    PROBATION_FIRST_APPOINTMENT = "probation_first_appointment", "First probation appointment"
    MET_AT_GATE = "met_at_gate", "Who meets them at the gate"


class OwnerSide(models.TextChoices):
    PRISON = "prison", "Prison"
    COMMUNITY = "community", "Community"


class PlanItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"


# An item is settled when it is done or not needed; anything else is a gap in the plan.
SETTLED_STATUSES = frozenset({PlanItemStatus.DONE, PlanItemStatus.NOT_NEEDED})

# Who usually arranges each item when a plan is started: prison healthcare and resettlement do what
# happens inside; community services, probation and care navigators do what waits outside.
DEFAULT_OWNER: dict[str, str] = {
    PlanItemKind.GP_REGISTRATION: OwnerSide.PRISON,
    PlanItemKind.FIRST_GP_APPOINTMENT: OwnerSide.COMMUNITY,
    PlanItemKind.MEDICATION: OwnerSide.PRISON,
    PlanItemKind.NALOXONE: OwnerSide.PRISON,
    PlanItemKind.FIRST_MENTAL_HEALTH_APPOINTMENT: OwnerSide.COMMUNITY,
    PlanItemKind.HOUSING: OwnerSide.COMMUNITY,
    PlanItemKind.ID: OwnerSide.PRISON,
    PlanItemKind.PROBATION_FIRST_APPOINTMENT: OwnerSide.COMMUNITY,
    PlanItemKind.MET_AT_GATE: OwnerSide.COMMUNITY,
}

_K = PlanItemKind
# What a "done" item must say, so the plan given to the person is never vague:
# field -> (kinds needing it, message).
DONE_NEEDS: dict[str, tuple[frozenset[str], str]] = {
    "place": (
        frozenset({_K.GP_REGISTRATION}),
        "Enter the name of the GP practice they are registered with",
    ),
    "happens_on": (
        frozenset(
            {_K.FIRST_GP_APPOINTMENT, _K.FIRST_MENTAL_HEALTH_APPOINTMENT, _K.PROBATION_FIRST_APPOINTMENT}
        ),
        "Enter the date of the appointment",
    ),
    "contact": (frozenset({_K.MET_AT_GATE}), "Enter who will meet them at the gate"),
}
APPOINTMENT_KINDS = DONE_NEEDS["happens_on"][0]
