"""Which services a published Open Referral document holds, whatever shape it takes.

Councils publish several shapes, and an import takes them all:
- a list of services, or one service;
- a page of them: ORUK 3.0 and 1.0 put them in `contents`; Spring-built ORUK 1.0 APIs in `content`;
- an organisation document: an organisation with its `services` nested (HSDS 3.0
  organization_full, and ORUK 1.0's organisations), or a list or page of such documents.
A service nested in an organisation document names that organisation as its own `organization`.
Whether each service is HSDS 3.0 or ORUK 1.0 is decided record by record (oruk1.py).
"""

PAGE_KEYS = ("contents", "content")


def is_organisation_document(item) -> bool:
    return isinstance(item, dict) and isinstance(item.get("services"), list)


def _from_organisation(document: dict) -> list:
    organisation = {key: value for key, value in document.items() if key != "services"}
    services = []
    for service in document["services"]:
        if isinstance(service, dict) and not isinstance(service.get("organization"), dict):
            service = {**service, "organization": organisation}
        services.append(service)
    return services


def _expand(items: list) -> list:
    found = []
    for item in items:
        found += _from_organisation(item) if is_organisation_document(item) else [item]
    return found


def page_items(data) -> list | None:
    """The items of a page of any of the shapes above, or None if it is not a page."""
    if isinstance(data, dict):
        for key in PAGE_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    return None


def services_in(data) -> list | None:
    """The services the document holds (misshapen ones included, for the import to report), or
    None if it is not an Open Referral document at all."""
    if isinstance(data, list):
        return _expand(data)
    items = page_items(data)
    if items is not None:
        return _expand(items)
    if is_organisation_document(data):
        return _from_organisation(data)
    if isinstance(data, dict) and "id" in data:
        return [data]
    return None


def is_last_page(body: dict, page: int) -> bool:
    """Whether this is the last page, in ORUK 3.0/1.0 (`last_page`, `total_pages`) or Spring
    (`last`, `totalPages`) terms."""
    if body.get("last_page") is True or body.get("last") is True:
        return True
    total = body.get("total_pages", body.get("totalPages"))
    return isinstance(total, int) and page >= total
