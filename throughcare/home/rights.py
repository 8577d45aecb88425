"""The data protection officer's part of home: the people whose records their organisation holds,
and the way in to answering a request about one of them."""

from throughcare.core.permissions import Permission, has_permission
from throughcare.home.sections import Item, Section, url
from throughcare.rights.selectors import people_for_dpo


def rights_sections(user) -> list[Section]:
    if not has_permission(user, Permission.ANSWER_RIGHTS_REQUESTS):
        return []
    held = people_for_dpo(user).count()
    return [
        Section(
            key="rights",
            title="People whose records your organisation holds",
            empty_text="Your organisation holds nobody's record yet.",
            items=[
                Item(
                    text="Find a person to answer a request",
                    href=url("rights:search"),
                    detail="Export everything held about them, correct their record, or see who viewed it.",
                )
            ]
            if held
            else [],
            total=held,
        )
    ]
