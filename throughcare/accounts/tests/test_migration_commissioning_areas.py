"""Migration 0006 gives the demo's commissioners the ICB they were named for, and nobody else an area."""

from throughcare.insight.tests.helpers import ICB_A, build_areas

BEFORE = [("accounts", "0005_organisation_ods_code")]
AFTER = [("accounts", "0006_organisation_commissioning_areas")]


def test_the_demo_commissioners_get_their_icb(migrator):
    build_areas()  # Manchester (E08000003) is in ICB_A
    old = migrator.migrate(BEFORE).get_model("accounts", "Organisation")
    for code, kind in (
        ("demo-gm-icb", "commissioner"),
        (f"icb-{ICB_A.lower()}", "commissioner"),
        ("icb-e54999999", "commissioner"),  # no such ICB in the gazetteer
        ("nhs-england", "commissioner"),
        ("demo-probation", "probation"),
    ):
        old.objects.create(code=code, name=code, kind=kind)
    new = migrator.migrate(AFTER).get_model("accounts", "Organisation")
    covered = {
        o.code: (o.commissioning_coverage, o.commissioning_area_codes) for o in new.objects.order_by("code")
    }
    assert covered == {
        "demo-gm-icb": ("icb", [ICB_A]),
        f"icb-{ICB_A.lower()}": ("icb", [ICB_A]),
        "icb-e54999999": ("", []),
        "nhs-england": ("", []),
        "demo-probation": ("", []),
    }
