from django.core.exceptions import ValidationError


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each field and what is wrong with it, for command-line output."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)
