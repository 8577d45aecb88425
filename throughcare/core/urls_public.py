"""Mark URL patterns whose views authenticate in their own way, so sign-in middleware passes them."""

from django.urls import URLPattern, URLResolver


def _mark(patterns) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False  # type: ignore[attr-defined]  # read by the middleware


def public_api_urls(urls):
    """For an API's (patterns, app_name, namespace) tuple: its views check bearer tokens themselves."""
    patterns, app_name, namespace = urls
    _mark(patterns)
    return patterns, app_name, namespace
