"""The referrer's day (probation, prison, care navigators): what moved, what is late, what is unfinished.

"Mine" is what the user made: the referrals they drafted and sent. Every query is limited to the
user's organisation as the referrer, so nothing here reaches beyond what its referral pages show.
"""

from datetime import timedelta

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from throughcare.continuity.release.selectors import GAPS_DAYS, caseload_for
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Permission, has_permission
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_datetime_text
from throughcare.home.sections import SHOWN_PER_SECTION, Item, Section, referrals_list, url
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import OPEN_STATES, ReferralState, Side

# How far back a move by the other side still counts as news: older ones are history, not work.
MOVED_WITHIN_DAYS = 60
# Read before comparing with when the user last looked; the section shows at most this many.
MOVED_CANDIDATES = 50
VIEWED_VERB = AuditVerb.REFERRAL_VIEWED


def _mine(user):
    return Referral.objects.filter(
        referring_organisation_id=user.current_organisation_id, created_by_id=user.pk
    ).select_related("person", "service")


def _referral_item(referral, detail: str, *, tag: str = "", colour: str = "") -> Item:
    return Item(
        text=referral.person.full_name,
        href=url("referrals:detail", referral.pk),
        detail=f"{referral.service.name}: {detail}",
        tag=tag,
        tag_colour=colour,
        referral_id=str(referral.pk),
    )


def last_looked(user, referral_ids) -> dict[str, object]:
    """When the user last opened each referral (its id as text -> time), from the audit trail.

    Opening a referral records a "referral.viewed" event for its reader, which is exactly the
    per-user "last seen" this needs; keeping a second record of it would only let the two disagree.
    One query on the audit trail's target index.
    """
    if not referral_ids:
        return {}
    rows = (
        AuditEvent.objects.filter(
            target_type="referrals.referral",
            target_id__in=[str(pk) for pk in referral_ids],
            actor_id=user.pk,
            verb=VIEWED_VERB,
        )
        .values("target_id")
        .annotate(seen=Max("occurred_at"))
        .order_by()
    )
    return {row["target_id"]: row["seen"] for row in rows}


def _unseen_since(seen_at, moved_at) -> bool:
    return seen_at is None or seen_at < moved_at


def moved_since_looked(user, now) -> Section:
    """My sent referrals the receiving service (or Throughcare) has moved since I last opened them.

    Read from the referral's own `other_side_moved_at` through the (created_by, other_side_moved_at)
    index, newest first, so only the window's latest few are read however many the user ever sent;
    the state each moved to is looked up for those few alone. No tie-breaker in the order: one would
    make the database sort the whole window instead of walking the index.
    """
    latest_other_move = (
        ReferralTransition.objects.filter(referral_id=OuterRef("pk"))
        .exclude(side=Side.REFERRER)
        .order_by("-at", "-id")
    )
    candidates = list(
        _mine(user)
        .filter(other_side_moved_at__gte=now - timedelta(days=MOVED_WITHIN_DAYS))
        .annotate(moved_to=Subquery(latest_other_move.values("to_state")[:1]))
        .order_by("-other_side_moved_at")[:MOVED_CANDIDATES]
    )
    seen = last_looked(user, [referral.pk for referral in candidates])
    moved = [r for r in candidates if _unseen_since(seen.get(str(r.pk)), r.other_side_moved_at)]
    return Section(
        key="moved",
        title="Referrals that have moved since you last looked",
        empty_text="None of your referrals has moved since you last looked at it.",
        items=[
            _referral_item(r, f"{ReferralState(r.moved_to).label.lower()} on {govuk_datetime_text(at)}")
            for r, at in ((r, r.other_side_moved_at) for r in moved[:SHOWN_PER_SECTION])
        ],
        total=len(moved),
        list_href=referrals_list(direction="sent", worker="mine"),
        list_text="All the referrals you have sent",
    )


def overdue(user, now) -> Section:
    """My open referrals the receiving service has let pass its deadline, most overdue first."""
    late = _mine(user).filter(state__in=OPEN_STATES, due_by__lt=now)
    return Section(
        key="overdue",
        title="Overdue referrals",
        empty_text="None of your referrals is overdue.",
        items=[
            _referral_item(
                r,
                f"the service was due to respond by {govuk_datetime_text(r.due_by)}",
                tag="Overdue",
                colour="red",
            )
            for r in late.order_by("due_by", "pk")[:SHOWN_PER_SECTION]
        ],
        total=late.count(),
        list_href=referrals_list(direction="sent", worker="mine", overdue=1),
        list_text="All your overdue referrals",
    )


def drafts(user) -> Section:
    """My unfinished drafts, the most recently touched first."""
    unfinished = _mine(user).filter(state=ReferralState.DRAFT)
    return Section(
        key="drafts",
        title="Unfinished drafts",
        empty_text="You have no unfinished drafts.",
        items=[
            _referral_item(r, f"last changed on {govuk_date_text(r.updated_at)}")
            for r in unfinished.order_by("-updated_at", "pk")[:SHOWN_PER_SECTION]
        ],
        total=unfinished.count(),
        list_href=referrals_list(direction="sent", worker="mine", group="draft"),
        list_text="All your drafts",
    )


def releases_with_gaps(user) -> Section | None:
    """Releases in the next 14 days whose plan still has gaps: the release caseload's own selector."""
    if not has_permission(user, Permission.PLAN_RELEASES):
        return None
    page = caseload_for(user, days=GAPS_DAYS, gaps_only=True)
    return Section(
        key="releases",
        title=f"Releases in the next {GAPS_DAYS} days with gaps in the plan",
        empty_text=f"Nobody due for release in the next {GAPS_DAYS} days has gaps in their plan.",
        items=[
            Item(
                text=row.person.full_name,
                href=row.plan_path,
                detail=f"due for release on {govuk_date_text(row.release_date)}; "
                f"still to do: {', '.join(row.missing)}",
            )
            for row in page.rows[:SHOWN_PER_SECTION]
        ],
        # The caseload reads one page at a time: past that, the list says how many more.
        total=len(page.rows) + (1 if page.has_next else 0),
        list_href=url("continuity:release-gaps"),
        list_text="All releases with gaps",
    )


def referrer_sections(user) -> list[Section]:
    if not has_permission(user, Permission.MAKE_REFERRALS):
        return []
    now = timezone.now()
    sections = [moved_since_looked(user, now), overdue(user, now), drafts(user)]
    releases = releases_with_gaps(user)
    return [*sections, releases] if releases else sections
