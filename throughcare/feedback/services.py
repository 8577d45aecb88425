from django.db import IntegrityError, transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
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
