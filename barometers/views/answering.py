"""Answering a wave, anonymously (docs/barometers.md, "Anonymity").

A browser carries a random token in a signed cookie; only a keyed hash of
it, per wave, is stored (DeviceGuard). A signed-in person is counted by
account (Participation). Neither is linked to the response."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors

from .. import services
from ..forms import AnswerForm
from ..services.answering import has_answered
from .base import BarometerMixin

COOKIE = "terreau_barometer_device"
COOKIE_SALT = "barometers.device"
COOKIE_AGE = 400 * 24 * 3600  # about the longest browsers keep a cookie


def device_token(request) -> str:
    return request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT, max_age=COOKIE_AGE)


class AnswerView(BarometerMixin, View):
    def _allowed(self, request):
        wave = self.wave
        if not wave.launched_at and not self.is_agent():
            raise PermissionDenied
        if not request.user.is_authenticated and wave.target != wave.Target.PUBLIC:
            return False  # ask them to log in
        if not services.is_targeted(wave, request.user) and not self.is_agent():
            raise PermissionDenied(_("This survey is asked to other people."))
        return True

    def _render(self, request, form, status=200, token=""):
        wave, now = self.wave, timezone.now()
        return render(request, "barometers/answer.html", {
            "barometer": self.barometer, "wave": wave, "form": form,
            "open": wave.is_open(now), "closed": wave.is_closed(now),
            "answered": has_answered(wave, request.user, token),
            "targeted": services.is_targeted(wave, request.user),
        }, status=status)

    def get(self, request, slug, pk):
        if not self._allowed(request):
            return self.handle_no_permission()
        questions = list(self.wave.questions.all())
        return self._render(request, AnswerForm(questions=questions), token=device_token(request))

    def post(self, request, slug, pk):
        if not self._allowed(request):
            return self.handle_no_permission()
        questions = list(self.wave.questions.all())
        form = AnswerForm(request.POST, questions=questions)
        token = device_token(request) or services.new_device_token()
        if form.is_valid():
            try:
                services.response_submit(wave=self.wave, data=form.raw(request.POST),
                                         user=request.user, device_token=token)
            except services.AlreadyAnswered as error:
                messages.info(request, error.messages[0])
                return redirect(self.barometer.get_absolute_url())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answer is recorded, anonymously."))
                response = redirect(self.barometer.get_absolute_url())
                if not request.user.is_authenticated:
                    response.set_signed_cookie(COOKIE, token, salt=COOKIE_SALT,
                                               max_age=COOKIE_AGE, httponly=True,
                                               samesite="Lax", secure=request.is_secure())
                return response
        return self._render(request, form, status=400, token=token)
