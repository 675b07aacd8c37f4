"""Registering, confirming, cancelling; a person's own registrations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import show_errors

from .. import qr, selectors, services, tokens
from ..forms import AnonymousRegistrationForm
from .base import EventMixin
from .public import event_page_context


class RegisterView(EventMixin, View):
    """One click for a signed-in person; the form (double opt-in) for a citizen."""

    permission_required = "events.register_event"
    http_method_names = ["post"]

    def post(self, request, pk):
        event = self.get_event()
        if request.user.is_authenticated:
            try:
                registration = services.registration_create(event=event, user=request.user)
            except ValidationError as error:
                show_errors(request, error)
                return redirect(event)
            if registration.is_confirmed:
                messages.success(request, _("You are registered: your seat is booked."))
            else:
                messages.success(
                    request, _("The event is full: you are on the waiting list. "
                               "We will write to you if a seat frees up."),
                )
            return redirect(event)
        form = AnonymousRegistrationForm(request.POST)
        if form.is_valid():
            try:
                services.registration_create(
                    event=event, language=translation.get_language(), **form.cleaned_data
                )
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(
                    request,
                    _("Almost done: we sent you an e-mail. Open the link in it to confirm "
                      "your registration."),
                )
                return redirect(event)
        context = event_page_context(request, event, form=form)
        return render(request, "events/event_detail.html", context, status=400)


class UnregisterView(EventMixin, View):
    """A signed-in person cancels their own registration from the event page."""

    permission_required = "events.view_event"
    http_method_names = ["post"]

    def post(self, request, pk):
        event = self.get_event()
        registration = selectors.registration_of(request.user, event)
        if registration is None:
            messages.error(request, _("You are not registered for this event."))
            return redirect(event)
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(event)


def _bad_link(request, error: ValidationError, *, title: str):
    show_errors(request, error)
    return render(request, "events/link_problem.html", {"title": title}, status=400)


class ConfirmView(View):
    """The link of the double opt-in e-mail. GET shows a button, POST confirms:
    mail scanners that open links must not confirm in someone's name."""

    def get(self, request, token):
        try:
            registration = tokens.read(token, tokens.CONFIRM)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Confirm your registration"))
        return render(request, "events/registration_confirm.html",
                      {"registration": registration, "event": registration.event})

    def post(self, request, token):
        try:
            registration = services.registration_confirm(token=token)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Confirm your registration"))
        if registration.is_confirmed:
            messages.success(request, _("Thank you: your registration is confirmed."))
        else:
            messages.success(request, _("Thank you: the event is full, you are on the "
                                        "waiting list."))
        return redirect("events:registration", token=tokens.make(registration, tokens.VIEW))


class CancelLinkView(View):
    """The cancel link of every e-mail: no account needed."""

    def get(self, request, token):
        try:
            registration = tokens.read(token, tokens.CANCEL)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Cancel a registration"))
        return render(request, "events/registration_cancel.html",
                      {"registration": registration, "event": registration.event})

    def post(self, request, token):
        try:
            registration = tokens.read(token, tokens.CANCEL)
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Cancel a registration"))
        messages.success(request, _("Your registration is cancelled. Thank you for telling us."))
        return redirect(registration.event)


def registration_page_context(request, registration) -> dict:
    event = registration.event
    view_token = tokens.make(registration, tokens.VIEW)
    checkin_url = request.build_absolute_uri(
        reverse("events:checkin", kwargs={"pk": event.pk}) + f"?q={registration.code}"
    )
    return {
        "registration": registration,
        "event": event,
        "rank": selectors.waiting_rank(registration),
        "qr_svg": qr.svg(checkin_url) if registration.is_confirmed else "",
        "ics_url": reverse("events:ics", kwargs={"pk": event.pk}),
        "registration_ics_url": reverse("events:registration_ics", kwargs={"token": view_token}),
        "cancel_url": reverse("events:registration_cancel",
                              kwargs={"token": tokens.make(registration, tokens.CANCEL)}),
        "offer": selectors.informed_circle_offer(registration),
        "offer_url": reverse("events:join_informed", kwargs={"token": view_token}),
    }


class RegistrationPageView(View):
    """A registration seen through its signed link: status, code, QR code,
    calendar file, cancel button. The page the confirmation leads to."""

    def get(self, request, token):
        try:
            registration = tokens.read(token, tokens.VIEW)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Your registration"))
        return render(request, "events/registration_detail.html",
                      registration_page_context(request, registration))


class RegistrationIcsView(View):
    """The calendar file of a registration, with the online link for a seat holder."""

    def get(self, request, token):
        from .. import ical
        from .public import _ics_response

        try:
            registration = tokens.read(token, tokens.VIEW)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Your registration"))
        content = ical.event_file(registration.event, with_link=registration.is_confirmed)
        return _ics_response(content, "event.ics")


class MyRegistrationsView(PermissionRequiredMixin, TemplateView):
    permission_required = "events.view_mine"
    template_name = "events/my_registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registrations = selectors.registrations_of_user(self.request.user)
        token = selectors.calendar_token_of(self.request.user)
        context.update(
            registrations=[(r, tokens.make(r, tokens.VIEW)) for r in registrations],
            feed_url=self.request.build_absolute_uri(
                reverse("events:feed_personal", kwargs={"token": token.token})
            ) if token else "",
        )
        return context


class CalendarTokenResetView(PermissionRequiredMixin, View):
    permission_required = "events.view_mine"
    http_method_names = ["post"]

    def post(self, request):
        services.calendar_token_reset(user=request.user)
        messages.success(
            request,
            _("Your calendar address changed. The old one no longer works: "
              "subscribe again with the new one."),
        )
        return redirect("events:mine")


class JoinInformedView(LoginRequiredMixin, View):
    """A person who attended asks the gardeners for the informed circle."""

    template_name = "events/join_informed.html"

    def _registration(self, request, token):
        return tokens.read(token, tokens.VIEW)

    def get(self, request, token):
        try:
            registration = self._registration(request, token)
        except ValidationError as error:
            return _bad_link(request, error, title=_("Join the informed circle"))
        message = _("I took part in “%(event)s” and I would like to follow the community "
                    "more closely.") % {"event": registration.event.title}
        return render(request, self.template_name, {
            "registration": registration, "event": registration.event, "message": message,
        })

    def post(self, request, token):
        try:
            registration = self._registration(request, token)
            services.attendee_join_informed(
                registration=registration, user=request.user,
                message=request.POST.get("message", ""),
            )
        except ValidationError as error:
            return _bad_link(request, error, title=_("Join the informed circle"))
        messages.success(
            request,
            _("Your request is sent to the gardeners of %(community)s. They will answer you.")
            % {"community": registration.event.community},
        )
        return redirect("events:registration", token=token)
