"""`{% referral_appointments referral.id %}`: the appointments section of the referral page.

Rendered for the signed-in user from the request in the context, through the scoped selector,
so each side sees what it may: the receiving service also gets the links to book and record.
"""

from django import template

from throughcare.appointments.models import Status
from throughcare.appointments.selectors import appointments_for
from throughcare.appointments.services import BOOKABLE_STATES, when_text
from throughcare.referrals.states import Side

register = template.Library()

TAG_COLOURS = {
    Status.BOOKED: "blue",
    Status.ATTENDED: "green",
    Status.ATTENDED_LATE: "yellow",
    Status.DID_NOT_ATTEND: "red",
    Status.CANCELLED: "grey",
    Status.RESCHEDULED: "grey",
}


@register.inclusion_tag("appointments/_section.html", takes_context=True)
def referral_appointments(context, referral_id):
    listing = appointments_for(context["request"].user, referral_id)
    receiving = listing.side == Side.RECEIVER
    starts = {a.id: a.starts_at for a in listing.appointments}
    rows = [
        {
            "a": a,
            "when": when_text(a.starts_at, with_time=True),
            "colour": TAG_COLOURS.get(a.status, "grey"),
            "moved_to": when_text(a.rescheduled_to_starts_at, with_time=True)
            if a.rescheduled_to_starts_at
            else "",
            "moved_from": when_text(starts[a.rescheduled_from_id], with_time=True)
            if a.rescheduled_from_id in starts
            else "",
            "can_change": receiving and a.status == Status.BOOKED,
            "can_record": receiving and a.status == Status.BOOKED and a.has_started,
            "can_raise": receiving and a.status not in (Status.CANCELLED, Status.RESCHEDULED),
        }
        for a in listing.appointments
    ]
    return {
        "referral_id": listing.referral_id,
        "rows": rows,
        "receiving": receiving,
        "can_book": receiving and listing.referral_state in BOOKABLE_STATES,
    }
