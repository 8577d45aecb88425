"""Reading fields out of an HSDS record: typed, checked against our model, every problem noted.

`FieldReader` collects (field path, message) pairs instead of stopping at the first problem, so an
import report can tell a publisher everything wrong with a record at once. Text limits come from
the model fields themselves, so they cannot drift from the database.
"""

import math
import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from throughcare.core.web_addresses import is_safe_web_address

SMALL_INTEGER_MAX = 32767  # PositiveSmallIntegerField, on every database Django supports
INTEGER_MAX = 2147483647


class FieldReader:
    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def text(self, data: dict, key: str, path: str, *, model=None, field: str = "", required=False) -> str:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or value == "":
            if required:
                self.error(where, f"Give the {key}.")
            return ""
        if not isinstance(value, str):
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            else:
                self.error(where, f"The {key} must be text.")
                return ""
        value = value.strip()
        limit = model._meta.get_field(field or key).max_length if model is not None else None
        if limit and len(value) > limit:
            self.error(where, f"The {key} must be {limit} characters or fewer (it has {len(value)}).")
            return value[:limit]
        if required and not value:
            self.error(where, f"Give the {key}.")
        return value

    def web_address(self, data: dict, key: str, path: str, *, model=None) -> str:
        """A link: text as `text` reads it, refused unless http(s), mailto or tel (web_addresses.py)."""
        value = self.text(data, key, path, model=model)
        if value and not is_safe_web_address(value):
            where = f"{path}.{key}" if path else key
            self.error(where, f"The {key} must start https:// or http://, or be a mailto: or tel: link.")
            return ""
        return value

    def uuid(self, data: dict, key: str, path: str, *, required=True) -> uuid.UUID | None:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value in (None, ""):
            if required:
                self.error(where, f"Give the {key} (a UUID).")
            return None
        try:
            return uuid.UUID(str(value))
        except ValueError:
            self.error(where, f"The {key} must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2.")
            return None

    def choice(self, data: dict, key: str, path: str, choices, *, default: str = "") -> str:
        value = data.get(key)
        if value in (None, ""):
            return default
        if value not in choices:
            self.error(f"{path}.{key}" if path else key, f"The {key} must be one of: {', '.join(choices)}.")
            return default
        return value

    def integer(self, data: dict, key: str, path: str, *, maximum: int = SMALL_INTEGER_MAX) -> int | None:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value in (None, ""):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.error(where, f"The {key} must be a number.")
            return None
        if isinstance(value, bool) or math.isnan(number) or number != int(number):
            self.error(where, f"The {key} must be a whole number.")
            return None
        if not 0 <= number <= maximum:
            self.error(where, f"The {key} must be from 0 to {maximum}.")
            return None
        return int(number)

    def coordinate(self, data: dict, key: str, path: str, limit: float) -> float | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or math.isnan(number) or not -limit <= number <= limit:
            self.error(f"{path}.{key}", f"The {key} must be decimal degrees from -{limit:g} to {limit:g}.")
            return None
        return number

    def amount(self, data: dict, key: str, path: str) -> Decimal | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite() or number != number.quantize(Decimal("0.01")):
            self.error(f"{path}.{key}", f"The {key} must be an amount in pounds and pence.")
            return None
        if abs(number) >= Decimal("1e8"):
            self.error(f"{path}.{key}", f"The {key} must be less than 100,000,000.")
            return None
        return number.quantize(Decimal("0.01"))

    def date(self, data: dict, key: str, path: str) -> date | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        text = str(value)
        if len(text) > 10 and text[10] in "T ":
            text = text[:10]  # a date and time where a date was wanted: the date is what counts
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.error(f"{path}.{key}" if path else key, f"The {key} must be a date like 2026-03-31.")
            return None

    def time(self, data: dict, key: str, path: str) -> time | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            # Times are kept as local wall-clock times; a zone suffix is accepted and dropped.
            return time.fromisoformat(str(value)).replace(tzinfo=None)
        except ValueError:
            self.error(f"{path}.{key}", f"The {key} must be a time like 09:30 or 09:30:00.")
            return None

    def moment(self, data: dict, key: str, path: str) -> datetime | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            self.error(f"{path}.{key}" if path else key, f"The {key} must be a date and time in ISO 8601.")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def items(self, data: dict, key: str, path: str) -> list[tuple[str, dict]]:
        """(path, item) for each object in a list field; anything else in the list is an error."""
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error(f"{path}.{key}" if path else key, f"The {key} must be a list.")
            return []
        found = []
        for index, item in enumerate(value):
            where = f"{path}.{key}[{index}]" if path else f"{key}[{index}]"
            if isinstance(item, dict):
                found.append((where, item))
            else:
                self.error(where, "Each item must be an object.")
        return found
