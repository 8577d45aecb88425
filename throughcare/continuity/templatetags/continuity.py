from django import forms, template

from throughcare.directory.forms.fields import GovukDateField, GovukRadios

register = template.Library()


@register.filter
def field_kind(bound_field) -> str:
    """Which GOV.UK include renders a field: date, radios, select, textarea or input."""
    field = bound_field.field
    if isinstance(field, GovukDateField):
        return "date"
    if isinstance(field.widget, GovukRadios):
        return "radios"
    if isinstance(field, forms.ChoiceField):
        return "select"
    if isinstance(field.widget, forms.Textarea):
        return "textarea"
    return "input"
