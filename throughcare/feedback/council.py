"""What people say about services, for a Lived Experience Advisory Council (ADR 45): a CSV anyone on
the council may read, so nothing in it may point to a person.

For one area (where people live, as every insight view places them) and a period of whole months:
per service and question, how many answered yes, a bit and no, and how many answered, through the
one disclosure rule (`core.disclosure`: counts 1 to 7 hidden, others rounded to 5, and more hidden
where a hidden count could be worked back from the rest of its row). Then the words a moderator
published, only for a service whose count of answers the summary page would show
(`selectors.words_may_be_shown`), each with the month it was given and nothing else: no names, ids,
referrals or days. Words are listed in the order of their text within a month, so the order gives
nothing away either.

Commissioners export their own areas (another area answers 404, ADR 35) across every service;
provider managers and data protection officers export their own organisation's services, any area.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.disclosure import disclose_table
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.feedback.models import QUESTIONS, Answer, Feedback, WordsStatus
from throughcare.feedback.selectors import LEVEL, answered_count, words_may_be_shown
from throughcare.insight.filters import InsightFilters

ANSWERS = tuple(Answer)
COLUMNS = [
    "Area",
    "Period",
    "Service",
    "Question",
    *(a.label for a in ANSWERS),
    "Answered",
    "Month",
    "Their words",
]


@dataclass(frozen=True)
class CouncilExport:
    area: str
    period: str
    answer_rows: list[list[str]]
    word_rows: list[list[str]]

    def rows(self) -> Iterator[list[str]]:
        """Every row of the CSV after its header: the counts, then the words."""
        yield from self.answer_rows
        yield from self.word_rows


def _month(day) -> str:
    return f"{day:%B %Y}"


def _feedback_in_scope(user, filters: InsightFilters):
    rows = Feedback.objects.filter(created_at__gte=filters.start(), created_at__lt=filters.end())
    if not has_permission(user, Permission.VIEW_INSIGHT):  # a provider's own services only
        rows = rows.filter(service__organisation__owner_id=user.current_organisation_id)
    return rows.filter(filters.area.referrals_q("referral__"))


def council_export(user, filters: InsightFilters) -> CouncilExport:
    """The export for `filters` (area already checked against the user's coverage); audited."""
    require_permission(user, Permission.EXPORT_FEEDBACK_FOR_COUNCILS)
    area, period = filters.area.name, f"{_month(filters.date_from)} to {_month(filters.date_to)}"
    rows = _feedback_in_scope(user, filters)
    counts = {
        f"{name}_{answer.value}": Count("id", filter=Q(**{name: answer}))
        for name, _question, _summary in QUESTIONS
        for answer in ANSWERS
    }
    grouped = (
        rows.values("service_id", "service__name")
        .annotate(answered=Count("id"), **counts)
        .order_by("service__name")
    )
    answer_rows, showing_words = [], []
    for row in grouped:
        if words_may_be_shown(answered_count(row["answered"])):
            showing_words.append(row["service_id"])
        for name, question, _summary in QUESTIONS:
            table = disclose_table([[row[f"{name}_{answer.value}"] for answer in ANSWERS]], level=LEVEL)
            cells = [cell.text for cell in table.cells[0]]
            answer_rows.append(
                [area, period, row["service__name"], question, *cells, table.row_totals[0].text, "", ""]
            )
    words = (
        rows.filter(service_id__in=showing_words, words_status=WordsStatus.PUBLISHED)
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by("service__name", "month", "words")
        .values_list("service__name", "month", "words")
    )
    blank = [""] * (len(ANSWERS) + 2)
    word_rows = [[area, period, service, *blank, _month(month), text] for service, month, text in words]
    audit.record(
        actor=user,
        verb=AuditVerb.FEEDBACK_COUNCIL_EXPORTED,
        payload={
            "area": f"{filters.area.level.value}:{filters.area.code}",
            "from": filters.date_from.isoformat(),
            "to": filters.date_to.isoformat(),
            "services": len(grouped),
            "words": len(word_rows),
        },
    )
    return CouncilExport(area=area, period=period, answer_rows=answer_rows, word_rows=word_rows)
