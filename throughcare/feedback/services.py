from django.db import IntegrityError, transaction

from throughcare.core import audit
from throughcare.feedback.models import Feedback, WordsStatus


def feedback_give(*, session, referral, answers: dict, words: str) -> Feedback | None:
    """The person's feedback on one of their referrals; None when they already gave it."""
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                referral=referral,
                service_id=referral.service_id,
                access=session.access,
                words=words,
                words_status=WordsStatus.WAITING if words else WordsStatus.NONE,
                **answers,
            )
            audit.record(
                actor=None,
                verb="feedback.given",
                target=feedback,
                payload={"access": str(session.access_id), "referral": str(referral.pk)},
            )
    except IntegrityError:
        return None
    return feedback
