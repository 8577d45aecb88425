from django import template

from throughcare.core.audit_verbs import as_sentence, reads

register = template.Library()


@register.filter
def audit_verb_text(verb: str) -> str:
    """'api_token.issued' -> 'Issued an API token': an audit verb's registered sentence, on its own."""
    return as_sentence(reads(verb))
