from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors
from ..models import Application, Call


class CallMixin(PermissionRequiredMixin):
    permission_required = "calls.view_call"

    @property
    def call(self) -> Call:
        if not hasattr(self, "_call"):
            try:
                self._call = selectors.call_page(self.kwargs["slug"])
            except Call.DoesNotExist:
                raise Http404 from None
        return self._call

    def get_permission_object(self):
        return self.call


class ApplicationMixin(PermissionRequiredMixin):
    permission_required = "calls.view_application"

    @property
    def application(self) -> Application:
        if not hasattr(self, "_application"):
            try:
                self._application = selectors.application_page(self.kwargs["pk"])
            except Application.DoesNotExist:
                raise Http404 from None
        return self._application

    def get_permission_object(self):
        return self.application
