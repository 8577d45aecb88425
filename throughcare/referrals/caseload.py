"""The caseload's vocabulary, declared once: state groups, directions, workers, sorts and their checks.

Pages, the API and other apps' links (the home page) read the same query parameters:
`direction`, `group`, `service`, `person`, `worker`, `overdue`, `sort` and `page`. An unknown value
is refused with a message naming the parameter and the values it takes, never ignored, so a wrong
link cannot show a misleading list.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db import models

from throughcare.core.inputs import MAX_PAGE_NUMBER, bounded_page, is_ascii_digits
from throughcare.core.permissions import Permission, has_permission
from throughcare.referrals.states import ReferralState


class CaseloadGroup(models.TextChoices):
    DRAFT = "draft", "Draft"
    WAITING = "waiting", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted or waiting to start"
    IN_TREATMENT = "in_treatment", "In treatment"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


_S, _G = ReferralState, CaseloadGroup
# Every state in exactly one group (a test fails otherwise, so a new state cannot fall out of lists).
GROUP_OF_STATE: dict[ReferralState, CaseloadGroup] = {
    _S.DRAFT: _G.DRAFT,
    _S.SUBMITTED: _G.WAITING,
    _S.ACKNOWLEDGED: _G.WAITING,
    _S.ACCEPTED: _G.ACCEPTED,
    _S.WAITLISTED: _G.ACCEPTED,
    _S.ASSESSMENT_BOOKED: _G.ACCEPTED,
    _S.IN_TREATMENT: _G.IN_TREATMENT,
    _S.PAUSED: _G.PAUSED,
    _S.DECLINED: _G.CLOSED,
    _S.COMPLETED: _G.CLOSED,
    _S.ENDED_EARLY: _G.CLOSED,
    _S.WITHDRAWN: _G.CLOSED,
}


def states_in(group: str) -> list[str]:
    return [str(state) for state, in_group in GROUP_OF_STATE.items() if in_group == group]


# While a referral is in one of these, the receiving organisation is working with the person and so
# sees their record (ADR 22): from the first accepting move until the referral closes. A waiting-list
# place is not yet an acceptance: the service has only the referral until it takes the person on.
RECEIVER_WORKS_WITH_PERSON = frozenset({_S.ACCEPTED, _S.ASSESSMENT_BOOKED, _S.IN_TREATMENT, _S.PAUSED})


class Direction(models.TextChoices):
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received"


class Worker(models.TextChoices):
    MINE = "mine", "Mine"
    TEAM = "team", "The team's"


# The query value, what it is called, and the fields it orders by (id last, so pages never overlap).
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "-updated": ("Most recently changed", ("-updated_at", "-id")),
    "updated": ("Least recently changed", ("updated_at", "id")),
    "deadline": ("Deadline, soonest first", ("due_by", "-updated_at", "id")),
    "-deadline": ("Deadline, latest first", ("-due_by", "-updated_at", "id")),
    "person": ("Person's name, A to Z", ("person__family_name", "person__given_names", "id")),
    "-person": ("Person's name, Z to A", ("-person__family_name", "-person__given_names", "-id")),
}
DEFAULT_SORT = "-updated"
PAGE_SIZE = 25
FILTER_NAMES = ("direction", "group", "service", "person", "worker", "overdue", "sort")


@dataclass(frozen=True)
class CaseloadFilters:
    direction: str
    group: str = ""
    service_id: UUID | None = None
    person_id: UUID | None = None
    worker: str = Worker.TEAM
    overdue: bool = False
    sort: str = DEFAULT_SORT
    page: int = 1

    def query(self) -> dict[str, str]:
        """The filters as query parameters (without the page), for links that keep them."""
        values = {
            "direction": self.direction,
            "group": self.group,
            "service": str(self.service_id or ""),
            "person": str(self.person_id or ""),
            "worker": "" if self.worker == Worker.TEAM else self.worker,
            "overdue": "1" if self.overdue else "",
            "sort": "" if self.sort == DEFAULT_SORT else self.sort,
        }
        return {name: value for name, value in values.items() if value}


class CaseloadFilterError(ValueError):
    """Query parameters that do not name a filter value; `errors` maps each parameter to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def directions_for(user) -> list[str]:
    """The directions the user's role works in: referrers send, receiving services receive."""
    directions = []
    if has_permission(user, Permission.MAKE_REFERRALS):
        directions.append(Direction.SENT)
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        directions.append(Direction.RECEIVED)
    return directions


def _choice(value: str, allowed, what: str, errors: dict, name: str) -> str:
    if value in allowed:
        return value
    options = ", ".join(f"'{option}'" for option in allowed)
    errors[name] = f"{what} must be one of {options}; '{value}' is not"
    return ""


def _uuid(value: str, what: str, errors: dict, name: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        errors[name] = f"{what} must be the id of a {what.lower()} from this list; '{value}' is not"
        return None


def parse_filters(user, params) -> CaseloadFilters:
    """The filters in `params` (a QueryDict or dict of strings), or CaseloadFilterError naming each bad one.

    An empty value means "any", as an unselected filter arrives from a form.
    """
    get = {name: (params.get(name) or "").strip() for name in (*FILTER_NAMES, "page")}
    errors: dict[str, str] = {}
    mine = directions_for(user)
    direction = get["direction"] or (mine[0] if mine else Direction.SENT)
    if direction in Direction.values and direction not in mine:
        choices = " or ".join(f"'{d}'" for d in mine)
        errors["direction"] = (
            f"Your role does not work with referrals your organisation has {direction}: choose {choices}"
        )
    else:
        direction = _choice(direction, Direction.values, "Direction", errors, "direction")
    group = get["group"] and _choice(get["group"], CaseloadGroup.values, "Status group", errors, "group")
    if direction == Direction.RECEIVED and group == CaseloadGroup.DRAFT:
        errors["group"] = "A draft is not shared with the receiving service: choose another status group"
    service_id = get["service"] and _uuid(get["service"], "Service", errors, "service")
    person_id = get["person"] and _uuid(get["person"], "Person", errors, "person")
    worker = _choice(get["worker"] or Worker.TEAM, Worker.values, "Worker", errors, "worker")
    overdue = get["overdue"] == "1"
    if get["overdue"] not in ("", "0", "1"):
        value = get["overdue"]
        errors["overdue"] = f"Overdue must be '1' (only overdue referrals) or left out; '{value}' is not"
    sort = _choice(get["sort"] or DEFAULT_SORT, list(SORTS), "Sort", errors, "sort")
    page = 1
    if get["page"]:
        if is_ascii_digits(get["page"]) and not bounded_page(int(get["page"])):
            page = int(get["page"])
        else:
            errors["page"] = (
                f"Page must be a whole number from 1 to {MAX_PAGE_NUMBER:,}; '{get['page']}' is not"
            )
    if errors:
        raise CaseloadFilterError(errors)
    return CaseloadFilters(
        direction=direction,
        group=group,
        service_id=service_id or None,
        person_id=person_id or None,
        worker=worker,
        overdue=overdue,
        sort=sort,
        page=page,
    )
