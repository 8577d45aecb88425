"""{% submission_token %}: the hidden one-time token of a form that creates a record (core/once.py)."""

from django import template
from django.utils.html import format_html

from throughcare.core.once import TOKEN_FIELD, new_submission_token

register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_submission_token())
