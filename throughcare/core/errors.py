from django.core.exceptions import ValidationError


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each field and what is wrong with it, for command-line output."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def add_to_form(form, exc: ValidationError, renamed: dict[str, str] | None = None) -> None:
    """Put a service's refusal on the form: each message on its field where the form has one (under
    the form's name for it, via `renamed`), otherwise at the top of the error summary."""
    renamed = renamed or {}
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for name, messages in pairs:
        name = renamed.get(name, name) if name is not None else None
        form.add_error(name if name in form.fields else None, " ".join(messages))
