"""Who is in which area is read once and kept; any change to the gazetteer forgets the kept copy."""

from throughcare.geography.importing import import_geography
from throughcare.geography.membership import local_authority_areas, members
from throughcare.geography.models import LocalAuthority


def _leeds() -> dict:
    return next(row for row in local_authority_areas() if row["code"] == "E08000035")


def test_each_authority_is_kept_with_its_areas_and_read_once(geography, django_assert_num_queries):
    with django_assert_num_queries(1):
        leeds = _leeds()
        assert members("icb_id", [leeds["icb_id"]]) >= {"E08000035"}
    with django_assert_num_queries(0):
        assert _leeds() == leeds
    assert leeds["name"] == "Leeds"
    assert leeds["pdu__region_id"] == LocalAuthority.objects.get(code="E08000035").pdu.region_id


def test_saving_an_area_or_importing_again_forgets_the_kept_copy(
    geography, geography_dir, django_capture_on_commit_callbacks
):
    local_authority_areas()
    leeds = LocalAuthority.objects.get(code="E08000035")
    leeds.name = "Leeds (renamed)"
    leeds.save()
    assert _leeds()["name"] == "Leeds (renamed)"
    LocalAuthority.objects.filter(code="E08000035").update(name="Leeds (bulk)")  # as an import writes
    with django_capture_on_commit_callbacks(execute=True):
        import_geography(folder=geography_dir)
    assert _leeds()["name"] == "Leeds"
