"""Each local authority with the areas it belongs to (ICB, NHS region, PDU, probation region), read
once and kept in the cache.

Several places ask which local authorities make up an area: the insight area list, whether an area
is inside a commissioner's own, and the map's grouping. They all read these rows, so a page reads the
gazetteer at most once, and not at all while the cache holds it. The gazetteer changes only when
`import_geography` runs or a row is saved; both forget the kept copy. A web process with its own
cache (the default) may keep an old copy after an import in another process for up to
`KEPT_FOR_SECONDS`; a shared cache (CACHE_URL) is told at once.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from throughcare.geography.models import Icb, LocalAuthority, NhsRegion, Pdu, ProbationRegion

KEY = "geography:local-authority-areas:v1"
KEPT_FOR_SECONDS = 60 * 60

# Field names as the LocalAuthority model's lookups, so a caller can read a row by the same path it
# would filter on (for example "icb__nhs_region_id").
FIELDS = (
    "code",
    "name",
    "icb_id",
    "icb__name",
    "icb__nhs_region_id",
    "icb__nhs_region__name",
    "pdu_id",
    "pdu__name",
    "pdu__region_id",
    "pdu__region__name",
)


def local_authority_areas() -> list[dict]:
    """Every local authority as {field: value} for FIELDS, in code order."""
    rows = cache.get(KEY)
    if rows is None:
        rows = list(LocalAuthority.objects.order_by("code").values(*FIELDS))
        cache.set(KEY, rows, timeout=KEPT_FOR_SECONDS)
    return rows


def members(path: str, codes) -> set[str]:
    """The codes of the local authorities whose `path` (a FIELDS name) is one of `codes`."""
    wanted = set(codes)
    return {row["code"] for row in local_authority_areas() if row[path] in wanted}


def forget_local_authority_areas(**_) -> None:
    cache.delete(KEY)


def forget_when_the_gazetteer_changes() -> None:
    """Connected once, from the app's ready(): any saved or deleted area row drops the kept copy."""
    for model in (LocalAuthority, Icb, NhsRegion, Pdu, ProbationRegion):
        post_save.connect(forget_local_authority_areas, sender=model, dispatch_uid=f"forget-areas-{model}")
        post_delete.connect(forget_local_authority_areas, sender=model, dispatch_uid=f"forget-del-{model}")
