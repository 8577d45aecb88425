"""The service navigation: at most six items for every role, every page still reachable, and the
account in the header rather than the navigation."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.navigation import MAX_ITEMS, NAVIGATION
from throughcare.core.permissions import Permission, Role, has_permission

pytestmark = pytest.mark.django_db


def _navigation_links(page: str) -> list[str]:
    navigation = page[
        page.index('class="govuk-service-navigation__list"') : page.index(
            "</ul>", page.index("govuk-service-navigation__list")
        )
    ]
    return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', navigation)


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_at_most_six_navigation_items(client_for, role):
    page = client_for(role).get(reverse("core:home")).content.decode()
    links = _navigation_links(page)
    assert 1 <= len(links) <= MAX_ITEMS
    assert reverse("core:home") in links


@pytest.mark.parametrize("role", Role.values)
def test_every_page_a_role_may_use_is_in_its_navigation_or_on_its_home_page(client_for, users_by_role, role):
    page = client_for(role).get(reverse("core:home")).content.decode()
    navigation = set(_navigation_links(page))
    for item in NAVIGATION:
        if item.shown_to(users_by_role[role]):
            href = reverse(item.url_name)
            assert href in navigation or f'href="{href}"' in page, (role, item.text)


@pytest.mark.parametrize("role", Role.values)
def test_the_account_is_in_the_header_not_the_navigation(client_for, users_by_role, role):
    page = client_for(role).get(reverse("core:home")).content.decode()
    header = page[page.index("<header") : page.index('class="govuk-service-navigation"')]
    user = users_by_role[role]
    assert user.full_name in header
    assert user.current_organisation.name in header
    # API tokens are offered in the account area exactly to the roles that may use the API.
    offers_tokens = reverse("accounts:token-list") in header
    assert offers_tokens == has_permission(user, Permission.USE_API)
    assert reverse("accounts:sign-out") in header
    navigation = page[page.index('class="govuk-service-navigation"') : page.index("</section>")]
    assert "Sign out" not in navigation
    assert reverse("accounts:token-list") not in navigation


def test_a_signed_out_visitor_has_no_account_area():
    page = Client().get(reverse("core:accessibility")).content.decode()
    assert "Sign out" not in page
    assert "tc-header-account" not in page
