"""The Open Referral UK schemas, read at run time from the published standard, never copied here.

The folder holding `uk-profile/` and `hsds-3.0/` is `ORUK_STANDARDS_DIR` (a setting or environment
variable), by default `../shared/standards/oruk` beside the project. The UK profile's OpenAPI points
its responses at schema URLs on raw.githubusercontent.com; `registry()` maps each of those URLs to
the local copy, so a response can be checked against exactly the schema the OpenAPI names.

The importer checks records with jsonschema-rs (`fast_validator`). The tests check our responses
with the pure-Python jsonschema as well (directory/tests/schema_checks.py), a second, independent
reading of the schemas; jsonschema is a development dependency only.
"""

import json
import os
from functools import cache
from pathlib import Path

import jsonschema_rs
from django.conf import settings

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
