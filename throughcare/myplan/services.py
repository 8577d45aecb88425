"""Writes for a person's own access to their plan: staff give and end it; the person asks for a code,
signs in with it, signs out, or stops the access. Each is audited in the same transaction.

The person acts without a user account, so their events have no actor: each names the person as its
target and the access in its payload, so the trail tells their actions from staff's.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.mobile_numbers import normalised_uk_mobile
from throughcare.core.permissions import Permission, require_permission
from throughcare.core.rate_limits import Limit, RateLimitedError, hit
from throughcare.core.validation import raise_model_errors
from throughcare.myplan import tokens
from throughcare.myplan.models import PersonMessage, PersonSession, PlanAccess, SignInCode
from throughcare.myplan.outbox import send_person_messages
from throughcare.notices.models import Channel, DeliveryStatus

STOPPED_BEFORE_SENDING = "Not sent: reminders were stopped first."
REMINDER_FIELDS = ["reminders_since", "reminders_by", "mobile_number", "updated_at"]


class WrongCodeError(Exception):
    pass


class LockedOutError(Exception):
    def __init__(self, until):
        super().__init__("Too many wrong codes.")
        self.until = until


def site_link(path: str) -> str:
    return settings.THROUGHCARE_SITE_URL.rstrip("/") + path


def _queue(access: PlanAccess, *, subject: str, body: str) -> PersonMessage:
    """The access's link or a code, by the access's channel: an email, or a text to its number."""
    message = PersonMessage.objects.create(
        access=access,
        channel=access.channel,
        address=access.mobile_number if access.by_text else access.email,
        subject=subject,
        body=body,
        next_attempt_at=timezone.now(),
    )
    # Send at once after the commit; the scheduled outbox run retries it if that fails.
    transaction.on_commit(lambda: send_person_messages(only=[message.pk]))
    return message


def link_email_body(secret: str, expires_at) -> str:
    # Nothing about health, offences or who sent it: only the link, which needs a code as well.
    link = site_link(reverse("myplan:start", args=[secret]))
    return (
        "Your worker has set up a way for you to see your plan on your phone.\n\n"
        f"Open this link: {link}\n\n"
        "We will send you a code to type in. You do not need a password.\n\n"
        f"The link works until {timezone.localtime(expires_at):%-d %B %Y}.\n\n"
        "If you did not ask for this, you can ignore this email."
    )


def link_text_body(secret: str, expires_at) -> str:
    # The email's words, shorter (a text pays per 160 characters), and as careful: no health, no
    # offences, no service, no name. The link alone opens nothing without a code.
    link = site_link(reverse("myplan:start", args=[secret]))
    return (
        f"Your worker set up a way to see your plan on your phone: {link}\n\n"
        f"We will text you a code. The link works until {timezone.localtime(expires_at):%-d %B %Y}."
    )


def code_body(access: PlanAccess, code: str) -> str:
    if access.by_text:
        minutes = settings.PLAN_CODE_MINUTES
        return f"Your code is {code}. It works for {minutes} minutes. Do not give it to anyone."
    return (
        f"Your code is {code}\n\n"
        f"It works for {settings.PLAN_CODE_MINUTES} minutes.\n\n"
        "Do not give this code to anyone. We will never ask you for it."
    )


def forget_mobile_number(access: PlanAccess) -> None:
    """Empty the number from the access and from every text sent with it; unsent texts never go.
    Call inside the change's transaction; the caller saves the access (`REMINDER_FIELDS`)."""
    access.mobile_number, access.reminders_by = "", Channel.EMAIL
    texts = PersonMessage.objects.filter(access=access, channel=Channel.TEXT)
    texts.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, failure=STOPPED_BEFORE_SENDING
    )
    texts.exclude(address="").update(address="")


def _end(access: PlanAccess, now, *, by_person: bool = False) -> None:
    access.ended_at, access.ended_by_person = now, by_person
    forget_mobile_number(access)
    access.save(update_fields=["ended_at", "ended_by_person", *REMINDER_FIELDS])
    PersonSession.objects.filter(access=access, ended_at__isnull=True).update(ended_at=now)


@transaction.atomic
def plan_access_grant(
    *, actor, person, email: str = "", mobile_number: str = "", channel: Channel = Channel.EMAIL
) -> PlanAccess:
    """Give the person access to their plan and send them the link, by email or by text to a UK
    mobile number (`channel`); their codes will go the same way. Any access they had ends.

    A wrong or missing address raises ValidationError({"email" or "mobile_number": ...}) in GOV.UK
    words, and nothing changes. The returned access carries the link's path as `link_path`, for
    this call only: it is stored nowhere but the message (the demo prints it, so the demo can be
    tried without a mailbox or a phone)."""
    require_permission(actor, Permission.PLAN_RELEASES)
    now = timezone.now()
    if channel == Channel.TEXT:
        email = ""
        try:
            mobile_number = normalised_uk_mobile(mobile_number)
        except ValidationError as wrong:
            raise ValidationError({"mobile_number": wrong.messages[0]}) from None
    else:
        mobile_number = ""
    secret = tokens.new_secret()
    access = PlanAccess(
        person=person,
        channel=channel,
        email=email,
        mobile_number=mobile_number,
        # Reminders by text go to the number the link went to, if the person turns them on.
        reminders_by=channel,
        granted_by=actor,
        granting_organisation_id=actor.current_organisation_id,
        link_digest=tokens.secret_digest(secret),
        expires_at=now + timedelta(days=settings.PLAN_ACCESS_DAYS),
    )
    raise_model_errors(access, exclude=["person", "granted_by", "granting_organisation"])
    for old in PlanAccess.objects.select_for_update().filter(person=person, ended_at__isnull=True):
        _end(old, now)
        audit.record(
            actor=actor,
            verb=AuditVerb.PLAN_ACCESS_ENDED,
            target=person,
            payload={"access": str(old.pk), "why": "replaced"},
        )
    access.save()
    access.link_path = reverse("myplan:start", args=[secret])
    body = (link_text_body if access.by_text else link_email_body)(secret, access.expires_at)
    _queue(access, subject="Your plan", body=body)
    audit.record(
        actor=actor,
        verb=AuditVerb.PLAN_ACCESS_GRANTED,
        target=person,
        payload={
            "access": str(access.pk),
            "by": access.channel,
            "expires_at": access.expires_at.isoformat(),
            "consent": True,
        },
    )
    return access


@transaction.atomic
def plan_access_end(*, actor, access: PlanAccess) -> None:
    """Staff end the person's access: their link stops working and any session ends now."""
    require_permission(actor, Permission.PLAN_RELEASES)
    _end(access, timezone.now())
    audit.record(
        actor=actor,
        verb=AuditVerb.PLAN_ACCESS_ENDED,
        target=access.person,
        payload={"access": str(access.pk)},
    )


@transaction.atomic
def plan_access_stop(*, session: PersonSession) -> None:
    """The person stops their own access."""
    access = session.access
    _end(access, timezone.now(), by_person=True)
    audit.record(
        actor=None,
        verb=AuditVerb.PLAN_ACCESS_STOPPED_BY_PERSON,
        target=access.person,
        payload={"access": str(access.pk)},
    )


def code_send(*, access: PlanAccess) -> None:
    """Send the person a new six-digit code, by the access's channel (any code sent before stops working).

    Raises RateLimitedError once PLAN_CODE_SEND_LIMIT codes have gone for this access in its window.
    """
    wait = hit("plan-code", str(access.pk), Limit.from_setting("PLAN_CODE_SEND_LIMIT"))
    if wait is not None:
        raise RateLimitedError(wait)
    now = timezone.now()
    code = tokens.new_code()
    with transaction.atomic():
        SignInCode.objects.filter(access=access, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        SignInCode.objects.create(
            access=access,
            digest=tokens.code_digest(access.pk, code),
            expires_at=now + timedelta(minutes=settings.PLAN_CODE_MINUTES),
        )
        _queue(access, subject="Your code", body=code_body(access, code))
        audit.record(
            actor=None,
            verb=AuditVerb.PLAN_ACCESS_CODE_SENT,
            target=access.person,
            payload={"access": str(access.pk), "by": access.channel},
        )


def code_check(*, access: PlanAccess, code: str) -> str:
    """Sign the person in with their code; returns the new session's secret for the cookie.

    A code works once and only until it expires. PLAN_CODE_LOCKOUT wrong codes in a row lock sign-in
    for PLAN_CODE_LOCKOUT_MINUTES and cancel the code. Failures are committed before raising.
    """
    now = timezone.now()
    with transaction.atomic():
        access = PlanAccess.objects.select_for_update().get(pk=access.pk)
        if not access.is_live(now):
            raise WrongCodeError
        if access.is_locked(now):
            raise LockedOutError(access.locked_until)
        current = (
            SignInCode.objects.filter(access=access, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if current is not None and tokens.codes_match(access.pk, code.strip(), current.digest):
            current.used_at = now
            current.save(update_fields=["used_at", "updated_at"])
            access.failed_codes = 0
            access.save(update_fields=["failed_codes", "updated_at"])
            secret = tokens.new_secret()
            session = PersonSession.objects.create(
                access=access,
                digest=tokens.secret_digest(secret),
                last_seen_at=now,
                expires_at=now + timedelta(seconds=settings.PERSON_SESSION_LONGEST_SECONDS),
            )
            audit.record(
                actor=None,
                verb=AuditVerb.PLAN_ACCESS_SIGNED_IN,
                target=access.person,
                payload={"access": str(access.pk), "session": str(session.pk)},
            )
            return secret
        access.failed_codes += 1
        locked = access.failed_codes >= settings.PLAN_CODE_LOCKOUT
        if locked:
            access.failed_codes = 0
            access.locked_until = now + timedelta(minutes=settings.PLAN_CODE_LOCKOUT_MINUTES)
            SignInCode.objects.filter(access=access, used_at__isnull=True).update(expires_at=now)
        access.save(update_fields=["failed_codes", "locked_until", "updated_at"])
        audit.record(
            actor=None,
            verb=AuditVerb.PLAN_ACCESS_LOCKED_OUT if locked else AuditVerb.PLAN_ACCESS_CODE_FAILED,
            target=access.person,
            payload={"access": str(access.pk)},
        )
    if locked:
        raise LockedOutError(access.locked_until)
    raise WrongCodeError


@transaction.atomic
def person_sign_out(*, session: PersonSession) -> None:
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at", "updated_at"])
    audit.record(
        actor=None,
        verb=AuditVerb.PLAN_ACCESS_SIGNED_OUT,
        target=session.access.person,
        payload={"access": str(session.access_id), "session": str(session.pk)},
    )
