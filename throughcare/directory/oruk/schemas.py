"""The Open Referral UK schemas, read at run time from the published standard, never copied here.

The folder holding `uk-profile/` and `hsds-3.0/` is `ORUK_STANDARDS_DIR` (a setting or environment
variable), by default `../shared/standards/oruk` beside the project. The UK profile's OpenAPI points
its responses at schema URLs on raw.githubusercontent.com; `registry()` maps each of those URLs to
the local copy, so a response can be checked against exactly the schema the OpenAPI names.
"""

import json
import os
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema_rs
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema"


class StandardsNotFoundError(RuntimeError):
    """The standard's files are not where Throughcare was told to find them."""


def standards_dir() -> Path:
    configured = getattr(settings, "ORUK_STANDARDS_DIR", "") or os.environ.get("ORUK_STANDARDS_DIR", "")
    folder = (
        Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "standards" / "oruk"
    )
    if not (folder / "uk-profile" / "schema").is_dir():
        raise StandardsNotFoundError(
            f"The Open Referral UK schemas are not in {folder}: set ORUK_STANDARDS_DIR to the folder "
            "holding uk-profile/ (from github.com/openreferraluk/uk-profile) and hsds-3.0/."
        )
    return folder


@cache
def load(relative: str) -> dict:
    """A JSON file of the standard, by its path under the standards folder."""
    with (standards_dir() / relative).open(encoding="utf-8") as file:
        return json.load(file)


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
def fast_validator(relative: str) -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled by jsonschema-rs, formats asserted: what the importer checks with.

    A national import checks 20,000 records; the pure-Python validator takes milliseconds for each,
    this one microseconds. Formats are asserted because what we import we publish again, and our
    responses must validate with formats checked.
    """
    return jsonschema_rs.Draft202012Validator(load(relative), validate_formats=True)


def fast_problems(validator_: jsonschema_rs.Draft202012Validator, instance) -> list[tuple[str, str]]:
    """(field path like 'contacts[0].name', message) for each way the instance breaks the schema."""
    found = []
    for error in validator_.iter_errors(instance):
        path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.instance_path)
        found.append((path.removeprefix("."), error.message))
    return found


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
