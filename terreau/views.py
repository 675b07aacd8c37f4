"""What every app's views share: showing a service's refusal to the person.

Services raise ValidationError with messages written for people; views show
them, in the form next to the field concerned or as page messages, and
change nothing else. The error pages for a request the site cannot read
(400) and a form sent without its security token (CSRF failure) are here too.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import render


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


# Django's own views render 400.html and 403_csrf.html without the request:
# the site's layout would then show a signed-in person the log-in links and a
# language switch without its security token. These render them with it.
# (404 and 403 already get the request; 500.html stands alone on purpose.)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
