"""The page every "record this" form shares: show the form; on a valid POST call the service; on its
refusal show the form again with the service's messages in the error summary (422); on success say so
and go where the service's result leads."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    *,
    form,
    template: str,
    context: dict[str, Any],
    save: Callable[[Any], Any],
    success: str,
) -> HttpResponse:
    """`save(form)` returns where to go next (a URL, or anything `redirect` takes)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(result)
    return render(request, template, {"form": form, **context}, status=422 if form.errors else 200)
