"""What every events view shares: loading the event, answering bad input."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors


def show_errors(request, error: ValidationError) -> None:
    """Every message of a refused write, shown at level error."""
    for message in error.messages:
        messages.error(request, message)


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's errors to the form's fields (or to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)


class EventMixin(PermissionRequiredMixin):
    """Loads the event of the URL (404 if there is none) as the rules' object.

    Anonymous people are sent to log in; signed-in people without the
    permission get a 403 (AccessMixin.handle_no_permission).
    """

    def get_event(self):
        if not hasattr(self, "_event"):
            event = selectors.event_for_page(self.kwargs["pk"])
            if event is None:
                raise Http404
            self._event = event
        return self._event

    def get_permission_object(self):
        return self.get_event()
