"""Administrators' pages for council feeds: their health, registering one, and changing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.accounts.models import Organisation
from throughcare.core.errors import add_to_form
from throughcare.core.permissions import Permission, permission_required
from throughcare.directory import feeds
from throughcare.directory.forms.feed import FeedChangeForm, FeedForm
from throughcare.directory.forms.fields import yes_no
from throughcare.directory.models import DirectoryFeed, FeedRun

administrators_only = permission_required(Permission.MANAGE_ORGANISATIONS)
RUNS_SHOWN = 20


def _latest(field: str):
    return Subquery(
        FeedRun.objects.filter(feed=OuterRef("pk")).order_by("-started_at", "-id").values(field)[:1]
    )


@administrators_only
@require_GET
def feed_list(request):
    """Each feed's health: its last success and failure and what its latest run did, in one query."""
    listed = DirectoryFeed.objects.annotate(
        **{
            f"latest_{name}": _latest(name)
            for name in ("succeeded", "created", "updated", "unchanged", "refused", "retired", "message")
        },
        # The organisation whose registered source this feed is: the one listing it may change.
        owner_name=Subquery(
            Organisation.objects.filter(directory_source=OuterRef("url")).order_by("name").values("name")[:1]
        ),
    ).order_by("name")
    return render(request, "directory/feeds/feed_list.html", {"feeds": list(listed)})


def _page(request, template: str, form, **context):
    return render(request, template, {"form": form, **context}, status=422 if form.errors else 200)


@administrators_only
@require_http_methods(["GET", "POST"])
def feed_register(request):
    form = FeedForm(request.POST or None, initial={"every_hours": 24})
    if request.method == "POST" and form.is_valid():
        try:
            feed = feeds.feed_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, f"{feed.name} has been registered. It will be synced within 15 minutes."
            )
            return redirect("directory:feed-list")
    return _page(request, "directory/feeds/feed_register.html", form)


@administrators_only
@require_http_methods(["GET", "POST"])
def feed_change(request, feed_id):
    feed = get_object_or_404(DirectoryFeed, id=feed_id)
    initial = {
        "name": feed.name,
        "url": feed.url,
        "every_hours": feed.every_hours,
        "is_active": yes_no(feed.is_active),
    }
    form = FeedChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feeds.feed_change(actor=request.user, feed=feed, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"The details of {feed.name} have been saved.")
            return redirect("directory:feed-list")
    runs = list(feed.runs.all()[:RUNS_SHOWN])
    return _page(request, "directory/feeds/feed_change.html", form, feed=feed, runs=runs)
