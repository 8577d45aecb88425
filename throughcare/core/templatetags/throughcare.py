from django import template

register = template.Library()


@register.filter
def audit_verb_text(verb: str) -> str:
    """'user.signed_in' -> 'User signed in': audit verbs read as plain words on pages."""
    words = verb.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
