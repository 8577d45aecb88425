"""Dates and times as GOV.UK writes them: "3 December 2026", "10:22pm", "midday", "midnight".

One function for each, used by every template (as filters) and by code that writes summaries, so a
time reads the same wherever it is shown.
"""

from datetime import date, datetime, time

from django import template
from django.utils import timezone

register = template.Library()


def govuk_time_text(moment: datetime | time) -> str:
    """'10:22pm', '9am', 'midday' or 'midnight', in UK time (GOV.UK style: no leading zero, no ':00').

    A time of day (an opening time) is shown as it is; a date and time is moved to UK time first."""
    local = (
        timezone.localtime(moment) if isinstance(moment, datetime) and timezone.is_aware(moment) else moment
    )
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local:%M}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_date_text(day: date | datetime) -> str:
    """'3 December 2026' (a date and time is shown on its UK day)."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"


def govuk_datetime_text(moment: datetime) -> str:
    """'3 December 2026 at 10:22pm'."""
    return f"{govuk_date_text(moment)} at {govuk_time_text(moment)}"


@register.filter
def govuk_time(moment) -> str:
    return govuk_time_text(moment) if moment else ""


@register.filter
def govuk_date(day) -> str:
    return govuk_date_text(day) if day else ""


@register.filter
def govuk_datetime(moment) -> str:
    return govuk_datetime_text(moment) if moment else ""
