"""What a service can ask to be told before it takes a referral, beyond the reason for it.

Each service chooses from this list (the directory's "information we need"); referrals are checked
against the service's choice before they can be submitted. The codes name the referral's fields.
"""

REFERRAL_INFORMATION: tuple[tuple[str, str], ...] = (
    ("risk_summary", "A summary of risk to others"),
    ("risk_to_self", "Risk to self"),
    ("gp_details", "GP details"),
    ("medication", "Current medication"),
    ("current_substance_use", "Current drug and alcohol use"),
    ("interpreter_language", "Interpreter language, if one is needed"),
)
REFERRAL_INFORMATION_CODES = frozenset(code for code, _label in REFERRAL_INFORMATION)
# What a service asks for until its manager says otherwise.
DEFAULT_REQUIRED_INFORMATION = ("risk_summary",)

# Working days, as the receiving service's standard unless it sets its own.
DEFAULT_ACKNOWLEDGE_WITHIN_DAYS = 2
DEFAULT_DECIDE_WITHIN_DAYS = 5
MAX_RESPONSE_DAYS = 30


def default_required_information() -> list[str]:
    return list(DEFAULT_REQUIRED_INFORMATION)
