"""`{% referral_outcomes referral.id %}`: the referral page's outcome measures section."""

from django import template

from throughcare.outcomes.progress import recovery_words
from throughcare.outcomes.selectors import outcomes_for

register = template.Library()


@register.inclusion_tag("outcomes/_section.html", takes_context=True)
def referral_outcomes(context, referral_id):
    # Through the selector like any other read: scoped to the signed-in user's side, and audited.
    outcomes = outcomes_for(context["request"].user, referral_id)
    return {
        "outcomes": outcomes,
        "recovery_words": recovery_words(outcomes.recovery),
        "summary_recovery_words": recovery_words(outcomes.summary.recovery) if outcomes.summary else "",
    }
