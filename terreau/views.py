"""What every app's views share: showing a service's refusal to the person.

Services raise ValidationError with messages written for people; views show
them, in the form next to the field concerned or as page messages, and
change nothing else.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def show_errors(request, error: ValidationError) -> None:
    """Every message of a refused write, shown at level error."""
    for message in error.messages:
        messages.error(request, message)


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's errors to the form's fields (or to the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)
