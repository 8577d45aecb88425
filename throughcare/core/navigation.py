"""The service navigation: each item shows only to roles whose permissions reach its page."""

from dataclasses import dataclass

from django.urls import reverse

from throughcare.core.permissions import Permission, has_permission


@dataclass(frozen=True)
class NavigationItem:
    text: str
    url_name: str
    permission: Permission | None = None
    # Shown when the role has any one of these (a page both sides of a hand-over use).
    any_of: tuple[Permission, ...] = ()

    def shown_to(self, user) -> bool:
        if self.any_of:
            return any(has_permission(user, permission) for permission in self.any_of)
        return self.permission is None or has_permission(user, self.permission)


NAVIGATION: list[NavigationItem] = [
    NavigationItem("Home", "core:home"),
    NavigationItem("Find services", "directory:search", Permission.VIEW_DIRECTORY),
    NavigationItem("Find support", "matching:find-support", Permission.FIND_SUPPORT),
    NavigationItem("People", "people:list", Permission.VIEW_PEOPLE),
    NavigationItem(
        "Referrals", "referrals:worklist", any_of=(Permission.MAKE_REFERRALS, Permission.RECEIVE_REFERRALS)
    ),
    NavigationItem("MHTR register", "continuity:register", Permission.VIEW_PEOPLE),
    NavigationItem("Releases", "continuity:release-caseload", Permission.PLAN_RELEASES),
    NavigationItem("Appointments", "appointments:upcoming", Permission.RECEIVE_REFERRALS),
    NavigationItem("Your services", "directory:your-services", Permission.MANAGE_OWN_SERVICES),
    NavigationItem("Organisations", "accounts:organisation-list", Permission.MANAGE_ORGANISATIONS),
    NavigationItem(
        "Insight", "insight:overview", any_of=(Permission.VIEW_INSIGHT, Permission.VIEW_OWN_SERVICE_INSIGHT)
    ),
    NavigationItem("Audit trail", "core:audit-list", Permission.VIEW_AUDIT),
    NavigationItem("People's rights", "rights:search", Permission.ANSWER_RIGHTS_REQUESTS),
    NavigationItem("API tokens", "accounts:token-list", Permission.USE_API),
]


def navigation_for(request) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if not item.shown_to(request.user):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": item.text, "href": href, "current": current})
    return items
