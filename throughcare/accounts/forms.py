from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from throughcare.accounts.models import User
from throughcare.core.forms import GovukErrorsMixin, GovukForm


class SignInForm(GovukErrorsMixin, AuthenticationForm):
    """Email and password. One message for any failure, so it never reveals which accounts exist."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password. The password is case-sensitive.",
        "inactive": "This account has been closed. Contact your organisation's Throughcare administrator.",
    }
    first_field_id = "id_username"

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.CharField(
            label="Email address", max_length=254, error_messages={"required": "Enter your email address"}
        )
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ResetRequestForm(GovukErrorsMixin, PasswordResetForm):
    """Also sends a link to an active account that has no password yet (an invitation that expired)."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class NewPasswordForm(GovukErrorsMixin, SetPasswordForm):
    first_field_id = "id_new_password1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Avoid common words and your name."
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages["password_mismatch"] = "The two passwords do not match"  # noqa: S105 (a message)


class TokenIssueForm(GovukForm):
    first_field_id = "id_name"
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, the name of the system that will use it.",
        error_messages={"required": "Enter what the token is for"},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=366,
        initial=90,
        error_messages={
            "required": "Enter how many days the token should last",
            "invalid": "Days must be a whole number, like 90",
            "min_value": "A token must last at least 1 day",
            "max_value": "A token can last at most 366 days",
        },
    )
