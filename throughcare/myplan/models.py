"""A person's own way into their plan: the access staff give, the one-time codes that open it, the
sessions it opens, and the emails sent to the person.

Nothing here is a password. The link and the session cookie are long random secrets kept only as
SHA-256 digests; a sign-in code is short, so it is kept as a keyed digest (HMAC with the secret key)
that cannot be worked back from a copy of the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from throughcare.core.mobile_numbers import WRONG_NUMBER, shown, uk_mobile_validator
from throughcare.core.models import BaseModel
from throughcare.notices.models import Channel, OutboxMessage

NUMBER_NEEDED = "Enter the mobile number to send reminders to"
EMAIL_NEEDED = "Enter their email address"
LINK_NUMBER_NEEDED = "Enter their mobile number"


class PlanAccess(BaseModel):
    """Staff gave the person access to their plan, by a link sent to their email address or by text
    to their mobile number (`channel`); their sign-in codes go the same way.

    One access at a time is live for a person: giving a new one ends the old. It ends when it
    expires, when staff end it, or when the person stops it themselves.
    """

    # Set when the access is given, for the page that shows the link once; never stored.
    link_path: str

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="plan_accesses")
    # How the link and every sign-in code go: by email to `email`, or by text to `mobile_number`.
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    email = models.EmailField(blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granting_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    link_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by_person = models.BooleanField(default=False)
    # Wrong codes in a row; reaching PLAN_CODE_LOCKOUT locks sign-in until `locked_until`.
    failed_codes = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # When the person asked for appointment reminders the day before (None: they have not, or stopped).
    reminders_since = models.DateTimeField(null=True, blank=True)
    # How the reminders go; a text goes to `mobile_number`. The number is held only while texts are
    # wanted: for an access sent by text, while it lasts; otherwise while reminders go by text.
    reminders_by = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    mobile_number = models.CharField(
        max_length=13,
        blank=True,
        validators=[uk_mobile_validator],
        error_messages={"max_length": WRONG_NUMBER},
    )

    class Meta:
        indexes = [models.Index(fields=["person", "ended_at"], name="plan_access_person_idx")]

    def __str__(self) -> str:
        return f"Plan access ({self.person_id})"

    def clean(self) -> None:
        if self.ended_at is None and self.channel == Channel.EMAIL and not self.email:
            raise ValidationError({"email": EMAIL_NEEDED})
        if self.ended_at is None and self.channel == Channel.TEXT and not self.mobile_number:
            raise ValidationError({"mobile_number": LINK_NUMBER_NEEDED})
        if self.reminders_by == Channel.TEXT and not self.mobile_number:
            raise ValidationError({"mobile_number": NUMBER_NEEDED})

    @property
    def by_text(self) -> bool:
        """The link and codes go by text, so the number is the access's own, not only the reminders'."""
        return self.channel == Channel.TEXT

    def is_live(self, now) -> bool:
        return self.ended_at is None and self.expires_at > now

    @property
    def reminders_by_text(self) -> bool:
        return self.reminders_since is not None and self.reminders_by == Channel.TEXT

    @property
    def reminders_in_words(self) -> str:
        """For staff: whether and how the person gets reminders."""
        if self.reminders_since is None:
            return "None"
        if self.reminders_by_text:
            return f"By text to {shown(self.mobile_number)}"
        return f"By email to {self.email}"

    @property
    def sent_to_in_words(self) -> str:
        """For staff: where the link and codes go."""
        if self.by_text:
            return f"By text to {shown(self.mobile_number)}" if self.mobile_number else "By text"
        return f"By email to {self.email}" if self.email else "By email"

    def is_locked(self, now) -> bool:
        return self.locked_until is not None and self.locked_until > now


class SignInCode(BaseModel):
    access = models.ForeignKey(PlanAccess, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-in code ({self.access_id})"


class PersonSession(BaseModel):
    """A signed-in person: separate from staff sessions (its own table and cookie, no user account).

    It ends after PERSON_SESSION_IDLE_SECONDS without use, PERSON_SESSION_LONGEST_SECONDS after it
    began, when the person signs out, or when the access ends.
    """

    access = models.ForeignKey(PlanAccess, on_delete=models.CASCADE, related_name="sessions")
    digest = models.CharField(max_length=64, unique=True)
    last_seen_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Person session ({self.access_id})"


class PersonMessage(OutboxMessage):
    """An email or text to the person (their link, a sign-in code or a reminder), sent by the outbox loop."""

    access = models.ForeignKey(PlanAccess, on_delete=models.PROTECT, related_name="messages")

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="person_message_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.access_id})"


class AppointmentReminder(BaseModel):
    """The reminder sent for one appointment: one per appointment and access, however often the job runs."""

    access = models.ForeignKey(PlanAccess, on_delete=models.CASCADE, related_name="reminders")
    appointment = models.ForeignKey("appointments.Appointment", on_delete=models.PROTECT, related_name="+")
    message = models.OneToOneField(PersonMessage, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["access", "appointment"], name="appointment_reminded_once")
        ]

    def __str__(self) -> str:
        return f"Reminder ({self.appointment_id})"


class TextReply(BaseModel):
    """A text someone sent to the service's Notify number, read once (`myplan.replies`).

    Only Notify's id is kept, so no reply is read twice: not the words, and not the number.
    """

    notify_id = models.UUIDField(unique=True)
    meant_stop = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Text reply ({self.notify_id})"
