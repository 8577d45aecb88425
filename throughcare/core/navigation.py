"""The service navigation: each item shows only to roles whose permissions reach its page.

A role sees at most MAX_ITEMS items, its most used first by `rank`; pages beyond those are listed on
its home page under "Other pages", so every page stays two clicks away without the navigation
wrapping. The account (name, organisation, role, API tokens, sign out) lives in the header instead.
"""

from dataclasses import dataclass

from django.urls import reverse

from throughcare.core.permissions import Permission, has_permission

MAX_ITEMS = 6


@dataclass(frozen=True)
class NavigationItem:
    text: str
    url_name: str
    permission: Permission | None = None
    # Shown when the role has any one of these (a page both sides of a hand-over use).
    any_of: tuple[Permission, ...] = ()
    # Lower is more used: the role's MAX_ITEMS lowest-ranked items make its navigation.
    rank: int = 50

    def shown_to(self, user) -> bool:
        if self.any_of:
            return any(has_permission(user, permission) for permission in self.any_of)
        return self.permission is None or has_permission(user, self.permission)


NAVIGATION: list[NavigationItem] = [
    NavigationItem("Home", "core:home", rank=0),
    NavigationItem("Find services", "directory:search", Permission.VIEW_DIRECTORY, rank=10),
    NavigationItem("Find support", "matching:find-support", Permission.FIND_SUPPORT, rank=3),
    NavigationItem("People", "people:list", Permission.VIEW_PEOPLE, rank=2),
    NavigationItem(
        "Referrals",
        "referrals:worklist",
        any_of=(Permission.MAKE_REFERRALS, Permission.RECEIVE_REFERRALS),
        rank=1,
    ),
    NavigationItem("MHTR register", "continuity:register", Permission.VIEW_PEOPLE, rank=11),
    NavigationItem("Releases", "continuity:release-caseload", Permission.PLAN_RELEASES, rank=4),
    NavigationItem(
        "Court: treatment available",
        "continuity:court-treatment-availability",
        Permission.VIEW_PEOPLE,
        rank=12,
    ),
    NavigationItem("Appointments", "appointments:upcoming", Permission.RECEIVE_REFERRALS, rank=4),
    NavigationItem("Your services", "directory:your-services", Permission.MANAGE_OWN_SERVICES, rank=5),
    NavigationItem("Organisations", "accounts:organisation-list", Permission.MANAGE_ORGANISATIONS, rank=6),
    NavigationItem(
        "Insight",
        "insight:overview",
        any_of=(Permission.VIEW_INSIGHT, Permission.VIEW_OWN_SERVICE_INSIGHT),
        rank=6,
    ),
    NavigationItem("Audit trail", "core:audit-list", Permission.VIEW_AUDIT, rank=7),
    NavigationItem("People's rights", "rights:search", Permission.ANSWER_RIGHTS_REQUESTS, rank=2),
    NavigationItem("Words to check", "feedback:moderation", Permission.MODERATE_FEEDBACK, rank=3),
]


def _split(user) -> tuple[list[NavigationItem], list[NavigationItem]]:
    """The role's navigation (in the order above) and its other pages."""
    shown = [item for item in NAVIGATION if item.shown_to(user)]
    ranked = sorted(shown, key=lambda item: item.rank)  # stable: ties keep the order above
    kept = set(map(id, ranked[:MAX_ITEMS]))
    return [i for i in shown if id(i) in kept], [i for i in shown if id(i) not in kept]


def _links(request, items: list[NavigationItem]) -> list[dict]:
    links = []
    for item in items:
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        links.append({"text": item.text, "href": href, "current": current})
    return links


def navigation_for(request) -> list[dict]:
    return _links(request, _split(request.user)[0])


def other_pages_for(request) -> list[dict]:
    """The pages the role may use that are not in its navigation, for its home page."""
    return _links(request, _split(request.user)[1])
