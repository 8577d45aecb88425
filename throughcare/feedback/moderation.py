"""Reads for moderation: the words waiting to be checked for the moderator's own organisation's
services (anything else answers 404), oldest first; every read is audited with the ids read."""

from django.http import Http404

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.feedback.models import Feedback, WordsStatus

QUEUE_LIMIT = 50


def _own(user):
    require_permission(user, Permission.MODERATE_FEEDBACK)
    return Feedback.objects.filter(
        service__organisation__owner_id=user.current_organisation_id, words_status=WordsStatus.WAITING
    ).select_related("service")


def words_waiting_for(user) -> list[Feedback]:
    waiting = list(_own(user).order_by("created_at")[:QUEUE_LIMIT])
    audit.record(
        actor=user,
        verb=AuditVerb.FEEDBACK_MODERATION_VIEWED,
        target_type="feedback.feedback",
        payload={"ids": [str(feedback.pk) for feedback in waiting]},
    )
    return waiting


def words_to_moderate(user, feedback_id) -> Feedback:
    """One waiting feedback of the user's organisation's services, to decide on; 404 otherwise."""
    feedback = _own(user).filter(pk=feedback_id).first()
    if feedback is None:
        raise Http404("No such words waiting.")
    return feedback
