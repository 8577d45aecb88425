"""Find support in a phone's and a desktop's browser: axe-core finds nothing, nothing scrolls sideways."""

import pytest

from tests.test_browser import _assert_accessible, browser, demo  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_find_support_pages_are_accessible_on_a_phone_and_a_desktop(browser, demo, width):  # noqa: F811
    from throughcare.directory.models import Service

    service = Service.objects.filter(is_public=True, status="active").order_by("name").first()
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    paths = {
        "start": "/support/",
        "results": "/support/?where=Derby&need=feeling-low&need=drugs-or-alcohol",
        "errors": "/support/?where=Atlantis",
        "outside England": "/support/?where=CF10+1AA",
        "service": f"/support/services/{service.pk}/?from=Derby",
    }
    for name, path in paths.items():
        page.goto(demo + path)
        _assert_accessible(page, f"{name} at {width} px")
        sideways = page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not sideways, f"{name} scrolls sideways at {width} px"
    context.close()
