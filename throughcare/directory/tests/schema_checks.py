"""Our Open Referral UK responses checked against the published schemas with the pure-Python
jsonschema: a second reading of the schemas, independent of the jsonschema-rs one the importer uses,
that names each problem by its JSON path. Only tests use it, so jsonschema is a dev dependency."""

import copy
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from throughcare.directory.oruk.schemas import SCHEMA_URL, standards_dir
from throughcare.directory.oruk.schemas import load as load_shared


def load(relative: str):
    """A fresh copy of a standards file: the loader caches one object, and a test changing an
    example (to fix its bad latitude, say) must not change it for the tests after it."""
    return copy.deepcopy(load_shared(relative))


@cache
def registry() -> Registry:
    """Every UK profile schema under the URL the profile's OpenAPI uses for it."""
    root = standards_dir() / "uk-profile" / "schema"
    resources = []
    for path in sorted(root.glob("*.json")) + sorted((root / "compiled").glob("*.json")):
        if path.name == "openapi.json":
            continue
        url = f"{SCHEMA_URL}/{path.relative_to(root).as_posix()}"
        contents = load(str(path.relative_to(standards_dir())))
        resources.append((url, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def strict_formats() -> FormatChecker:
    """Formats asserted, not just noted: uuid and email as jsonschema checks them, plus uri and date-time."""
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    return checker


@cache
def validator(relative: str, *, strict: bool = False) -> Draft202012Validator:
    """A validator for one schema file, like 'uk-profile/schema/compiled/service.json'."""
    schema = load(relative)
    return Draft202012Validator(
        schema, registry=registry(), format_checker=strict_formats() if strict else FormatChecker()
    )


@cache
def response_validator(path: str, *, strict: bool = True) -> Draft202012Validator:
    """A validator for the 200 response the UK profile's OpenAPI specifies for GET `path`."""
    openapi = load("uk-profile/schema/openapi.json")
    response = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    # Local references ('#/components/schemas/Page') resolve against the OpenAPI's own components.
    schema = {**response, "components": openapi.get("components", {})}
    return Draft202012Validator(
        schema, registry=registry(), format_checker=strict_formats() if strict else FormatChecker()
    )


def problems(validator_: Draft202012Validator, instance) -> list[tuple[str, str]]:
    """(JSON path, message) for each way the instance breaks the schema, in document order."""
    found = sorted(validator_.iter_errors(instance), key=lambda error: list(map(str, error.absolute_path)))
    return [(error.json_path, error.message) for error in found]
