"""Writes for feedback: the person gives it; the moderator publishes or rejects their words."""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.core.validation import model_errors
from throughcare.feedback.flags import flags_in
from throughcare.feedback.models import Feedback, WordsStatus


def feedback_give(*, access, referral, answers: dict, words: str) -> Feedback | None:
    """The person's feedback on one of their referrals, given through their access; None when they
    already gave it. The caller has checked the referral is theirs."""
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                referral=referral,
                service_id=referral.service_id,
                access=access,
                words=words,
                words_status=WordsStatus.WAITING if words else WordsStatus.NONE,
                words_flags=[asdict(flag) for flag in flags_in(words, ignore=referral.service.name)],
                **answers,
            )
            audit.record(
                actor=None,
                verb=AuditVerb.FEEDBACK_GIVEN,
                target=feedback,
                payload={"access": str(access.pk), "referral": str(referral.pk)},
            )
    except IntegrityError:
        return None
    return feedback


DECISIONS = {"publish": WordsStatus.PUBLISHED, "reject": WordsStatus.REJECTED}


def feedback_words_moderate(*, actor, feedback: Feedback, decision: str, reject_reason: str = "") -> None:
    """Publish the words, or reject them with a reason; once decided, they stay decided. The caller
    read `feedback` through `moderation.words_to_moderate` (its own organisation's services only)."""
    require_permission(actor, Permission.MODERATE_FEEDBACK)
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose whether to publish the words"})
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.words_status != WordsStatus.WAITING:
            raise ValidationError({"decision": "These words have already been checked"})
        locked.words_status = DECISIONS[decision]
        locked.reject_reason = reject_reason if decision == "reject" else ""
        locked.moderated_at, locked.moderated_by = timezone.now(), actor
        if errors := model_errors(locked, exclude=["referral", "service", "access", "moderated_by"]):
            raise ValidationError(errors)
        locked.save(
            update_fields=["words_status", "reject_reason", "moderated_at", "moderated_by", "updated_at"]
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.FEEDBACK_WORDS_PUBLISHED
            if decision == "publish"
            else AuditVerb.FEEDBACK_WORDS_REJECTED,
            target=locked,
            payload={"reason": locked.reject_reason, "flags": len(locked.words_flags)},
        )
