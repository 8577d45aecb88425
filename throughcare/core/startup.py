"""What a web server process does once Throughcare is loaded, before it serves anyone."""

import gc

from django.urls import get_resolver


def freeze_loaded_objects() -> None:
    """Load every view, then move everything loaded so far out of the garbage collector's sight.

    A request that builds many small objects (matching builds thousands) sets off collections; the
    oldest generation's used to walk every object Django and Throughcare had loaded, several hundred
    thousand, which added tens of milliseconds to one request in every few. Objects that live as long
    as the process never need collecting, so they are frozen (`gc.freeze`), as the Python
    documentation suggests for servers; each collection then looks at what requests made.
    """
    get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on first use
    gc.collect()
    gc.freeze()
