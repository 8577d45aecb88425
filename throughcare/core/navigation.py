"""The service navigation: each item shows only to roles whose permissions reach its page."""

from dataclasses import dataclass

from django.urls import reverse

from throughcare.core.permissions import Permission, has_permission


@dataclass(frozen=True)
class NavigationItem:
    text: str
    url_name: str
    permission: Permission | None = None


NAVIGATION: list[NavigationItem] = [
    NavigationItem("Home", "core:home"),
    NavigationItem("Find services", "directory:search", Permission.VIEW_DIRECTORY),
    NavigationItem("Find support", "matching:find-support", Permission.FIND_SUPPORT),
    NavigationItem("People", "people:list", Permission.VIEW_PEOPLE),
    NavigationItem("Your services", "directory:your-services", Permission.MANAGE_OWN_SERVICES),
    NavigationItem("Organisations", "accounts:organisation-list", Permission.MANAGE_ORGANISATIONS),
    NavigationItem("Audit trail", "core:audit-list", Permission.VIEW_AUDIT),
    NavigationItem("API tokens", "accounts:token-list", Permission.USE_API),
]


def navigation_for(request) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.permission is not None and not has_permission(request.user, item.permission):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": item.text, "href": href, "current": current})
    return items
