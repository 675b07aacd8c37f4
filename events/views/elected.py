"""/events/<pk>/invite-elected/: the organisers invite the community's elected officials."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views import View

from terreau.views import show_errors

from ..elected import event_invite_elected
from .base import EventMixin


class InviteElectedView(EventMixin, View):
    permission_required = "events.invite_elected"
    http_method_names = ["post"]

    def post(self, request, pk):
        event = self.get_event()
        try:
            count = event_invite_elected(event=event, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, ngettext(
                "%(count)d elected official is invited.",
                "%(count)d elected officials are invited.", count) % {"count": count})
        return redirect(event)
