"""Which links Throughcare will store and publish: web pages, email and phone, nothing that runs.

A `javascript:` or `data:` link in a service's website would run in the browser of anyone who
follows it (only the Content-Security-Policy stands in the way on our own pages, and nothing at all
in a consumer of /openreferral/). So stored links must start http://, https://, mailto: or tel:.
"""

import re

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SAFE = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+|tel:[^\s]+)[^\s\x00-\x1f\x7f]*$", re.IGNORECASE)


def is_safe_web_address(value: str) -> bool:
    return bool(_SAFE.match(value))


def published_link(value: str) -> str:
    """A stored link as Throughcare will publish it: blank when it is not one of the allowed kinds
    (a link stored before imports checked them must not reach /openreferral/ consumers)."""
    return value if value and is_safe_web_address(value) else ""
