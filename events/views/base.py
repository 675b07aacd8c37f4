"""What every events view shares: loading the event, answering bad input."""

from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors


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
