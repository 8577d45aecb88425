"""The HSDS paging object every list endpoint answers with.

{total_items, total_pages, page_number, size, first_page, last_page, empty, contents}, where `size`
is how many entities this page holds (the OpenAPI's "number of entities in the current page").
A page past the end is not an error: it is an empty page, with the totals still right.
"""

import math
from dataclasses import dataclass

from throughcare.core.inputs import bounded_page
from throughcare.directory.models import Service

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# minimal=true asks for just ids and dates, "aiming to return all services within one call".
MAX_MINIMAL_PER_PAGE = 50_000
CHUNK = 5000  # ids per IN (...) list, well inside every database's limit on parameters


class ParameterError(ValueError):
    """A query parameter the API cannot use; answered as 422 with the parameter named."""

    def __init__(self, name: str, message: str, *, location: str = "query"):
        super().__init__(message)
        self.name = name
        self.location = location

    def as_error(self) -> dict:
        return {"type": "value_error", "loc": [self.location, self.name], "msg": str(self)}


@dataclass(frozen=True)
class PageRequest:
    number: int
    per_page: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return self.start + self.per_page


def page_request(
    page: int, per_page: int | None, *, maximum: int = MAX_PER_PAGE, default=None
) -> PageRequest:
    problem = bounded_page(page)
    if problem:
        raise ParameterError("page", problem)
    per_page = per_page if per_page is not None else (default or min(DEFAULT_PER_PAGE, maximum))
    if not 1 <= per_page <= maximum:
        raise ParameterError("per_page", f"per_page must be from 1 to {maximum}.")
    return PageRequest(page, per_page)


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def page_json(request: PageRequest, *, total: int, contents: list) -> dict:
    total_pages = math.ceil(total / request.per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": request.number,
        "size": len(contents),
        "first_page": request.number == 1,
        "last_page": request.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def page_of(queryset, page: PageRequest, ordered_ids=None, prepare=lambda queryset: queryset):
    """(total, this page's objects), from a queryset in its order or from ids in theirs.

    The page's ids are read first, on their own: with an index in the queryset's order that is a
    walk along the index, however deep the page, and only the page's rows are then loaded (with
    whatever `prepare` joins), rather than joining every row before the offset."""
    if ordered_ids is None:
        ordered_ids = list(queryset.values_list("id", flat=True)[page.start : page.stop])
        found = {item.id: item for item in prepare(queryset.model.objects.filter(id__in=ordered_ids))}
        return queryset.count(), [found[key] for key in ordered_ids]
    wanted = ordered_ids[page.start : page.stop]
    found = {item.id: item for item in prepare(queryset.model.objects.filter(id__in=wanted))}
    return len(ordered_ids), [found[key] for key in wanted]


def minimal_page(services, page: PageRequest, ordered_ids=None):
    """(total, [(id, updated_at)]) without building a model per service: a minimal page can be all of them."""
    if ordered_ids is None:
        return services.count(), list(services.values_list("id", "updated_at")[page.start : page.stop])
    wanted = ordered_ids[page.start : page.stop]
    found = {}
    for chunk in chunks(wanted):
        found.update(Service.objects.filter(id__in=chunk).values_list("id", "updated_at"))
    return len(ordered_ids), [(key, found[key]) for key in wanted]
