"""The data protection officer's part of home: the people whose records their organisation holds and
the way in to answering a request about one of them; then the reviews and checks waiting for them.

The waiting work is shown as counts that link to its list: a count names nobody, so reading home is
not a read of anyone's data (the lists themselves are audited)."""

from throughcare.core.permissions import Permission, has_permission
from throughcare.feedback.models import Feedback, WordsStatus
from throughcare.home.sections import Item, Section, url
from throughcare.people.models import BreakGlassAccess
from throughcare.rights.selectors import people_for_dpo


def _waiting(key: str, title: str, empty_text: str, count: int, item: Item) -> Section:
    """A section whose one item is a count of waiting work (shown only when there is some)."""
    return Section(key=key, title=title, empty_text=empty_text, items=[item] if count else [], total=count)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _break_glass_waiting(user, people) -> Section:
    waiting = BreakGlassAccess.objects.filter(person__in=people, reviewed_at__isnull=True).count()
    item = Item(
        text=_plural(waiting, "emergency access", "emergency accesses") + " waiting for review",
        href=url("rights:break-glass"),
        detail="Check each reason given for opening a restricted record.",
    )
    empty = "Every emergency access to a restricted record has been reviewed."
    return _waiting("break_glass", "Emergency access to review", empty, waiting, item)


def _words_waiting(user) -> Section:
    waiting = Feedback.objects.filter(
        service__organisation__owner_id=user.current_organisation_id, words_status=WordsStatus.WAITING
    ).count()
    item = Item(
        text=_plural(waiting, "comment", "comments") + " waiting to be checked",
        href=url("feedback:moderation"),
        detail="What people wrote about your services. Their words are shown only once checked.",
    )
    empty = "There are no words waiting to be checked before they are shown."
    return _waiting("words_to_check", "People's words to check", empty, waiting, item)


def rights_sections(user) -> list[Section]:
    if not has_permission(user, Permission.ANSWER_RIGHTS_REQUESTS):
        return []
    people = people_for_dpo(user)
    find = Item(
        text="Find a person to answer a request",
        href=url("rights:search"),
        detail="Export everything held about them, correct their record, or see who viewed it.",
    )
    sections = [
        _waiting(
            "rights",
            "People whose records your organisation holds",
            "Your organisation holds nobody's record yet.",
            people.count(),
            find,
        ),
        _break_glass_waiting(user, people),
    ]
    if has_permission(user, Permission.MODERATE_FEEDBACK):
        sections.append(_words_waiting(user))
    return sections
