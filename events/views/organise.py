"""The organisers' tools: create, edit, publish, cancel, registrants,
check-in, export, one message to all, the report after the event."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

import audit
from communities.models import Community
from roles import filters as role_filters
from terreau.spreadsheets import csv_writer
from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import CancelEventForm, EventForm, MessageForm, ReportForm
from ..models import Registration
from .base import EventMixin

INSTITUTION_WIDE = "-"


def _community_choices(user) -> list[tuple[str, str]]:
    """Where this person may create events (`events.add_event`): the
    communities they animate, and "institution-wide" if they may create one."""
    qs = Community.objects.filter(role_filters.animated_by(user)).order_by("name")
    choices = [(c.slug, c.name) for c in qs.only("slug", "name")]
    if rules.has_perm("events.add_event", user, None):
        choices.insert(0, (INSTITUTION_WIDE, _("Institution-wide (no community)")))
    return choices


class EventCreateView(LoginRequiredMixin, View):
    template_name = "events/event_form.html"

    def _choices(self, request):
        choices = _community_choices(request.user)
        if not choices:
            raise PermissionDenied
        return choices

    def get(self, request):
        choices = self._choices(request)
        initial = {"community": request.GET.get("community", choices[0][0]),
                   "working_group": request.GET.get("working_group")}
        form = EventForm(communities=choices, initial=initial)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = EventForm(request.POST, communities=self._choices(request))
        if form.is_valid():
            slug = form.cleaned_data["community"]
            community = None
            if slug != INSTITUTION_WIDE:
                community = Community.objects.filter(slug=slug).first()
                if community is None:
                    raise Http404
            if not request.user.has_perm("events.add_event", community):
                raise PermissionDenied
            try:
                event = services.event_create(
                    organiser=request.user, community=community, **form.service_kwargs()
                )
            except ValidationError as error:
                add_form_errors(form, error)
                show_errors(request, error)
            else:
                messages.success(
                    request, _("The event is saved as a draft. Publish it when it is ready.")
                )
                return redirect(event)
        return render(request, self.template_name, {"form": form}, status=400)


class EventUpdateView(EventMixin, View):
    permission_required = "events.change_event"
    template_name = "events/event_form.html"

    def get(self, request, pk):
        event = self.get_event()
        return render(request, self.template_name,
                      {"form": EventForm(event=event), "event": event})

    def post(self, request, pk):
        event = self.get_event()
        form = EventForm(request.POST, event=event)
        if form.is_valid():
            try:
                event = services.event_update(
                    event=event, actor=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_form_errors(form, error)
                show_errors(request, error)
            else:
                messages.success(request, _("The event is updated."))
                return redirect(event)
        return render(request, self.template_name, {"form": form, "event": event}, status=400)


class EventPublishView(EventMixin, View):
    permission_required = "events.publish_event"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.event_publish(event=self.get_event(), actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The event is published."))
        return redirect(self.get_event())


class EventCancelView(EventMixin, View):
    permission_required = "events.cancel_event"
    template_name = "events/event_cancel.html"

    def get(self, request, pk):
        return render(request, self.template_name,
                      {"event": self.get_event(), "form": CancelEventForm()})

    def post(self, request, pk):
        event = self.get_event()
        form = CancelEventForm(request.POST)
        if form.is_valid():
            try:
                services.event_cancel(
                    event=event, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The event is cancelled; registrants are told."))
            return redirect(event)
        return render(request, self.template_name, {"event": event, "form": form}, status=400)


class CheckInView(EventMixin, View):
    """On a phone at the door: search a name or type the code, one button per person.

    The QR code of a registration opens this page with its code filled in.
    """

    permission_required = "events.checkin_registration"
    template_name = "events/checkin.html"

    def get(self, request, pk):
        event = self.get_event()
        # NUL cannot reach PostgreSQL (it refuses it in text): dropped.
        search = request.GET.get("q", "").replace("\x00", "").strip()
        people = selectors.registrants(event, search=search) if search else []
        people = [r for r in people if r.status in (Registration.Status.CONFIRMED,
                                                    Registration.Status.WAITING)]
        return render(request, self.template_name,
                      {"event": event, "q": search, "people": people})

    def post(self, request, pk):
        event = self.get_event()
        raw = request.POST.get("registration", "")
        # ASCII digits only ("²" passes isdigit() but not int()); 18 digits fit a bigint.
        valid = raw.isascii() and raw.isdigit() and len(raw) <= 18
        registration = (
            Registration.objects.filter(event=event, pk=int(raw)).first() if valid else None
        )
        if registration is None:
            raise Http404
        try:
            if request.POST.get("action") == "undo":
                services.registration_check_in_undo(registration=registration, actor=request.user)
                messages.success(request, _("%(name)s is no longer checked in.")
                                 % {"name": registration.name})
            else:
                services.registration_check_in(registration=registration, actor=request.user)
                messages.success(request, _("%(name)s is checked in.")
                                 % {"name": registration.name})
        except ValidationError as error:
            show_errors(request, error)
        target = reverse("events:checkin", kwargs={"pk": event.pk})
        query = request.POST.get("q", "").replace("\x00", "").strip()
        return redirect(f"{target}?{urlencode({'q': query})}" if query else target)


class ExportView(EventMixin, View):
    """Registrants as CSV (opens in a spreadsheet; UTF-8 with BOM for Excel)."""

    permission_required = "events.export_registrants"

    def get(self, request, pk):
        event = self.get_event()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{slugify(event.title)[:50] or 'event'}-registrants.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow([
            _("Name"), _("E-mail address"), _("Status"), _("Place in the waiting list"),
            _("Code"), _("Registered"), _("Checked in"), _("Account"),
        ])
        tz = event.tz
        audit.record(
            audit.Action.REGISTRANTS_EXPORTED, actor=request.user,
            community_id=event.community_id, target=event, target_label=event.title,
        )
        for r in selectors.registrants(event):
            writer.writerow([
                r.name, r.email, r.get_status_display(),
                r.waiting_position or "", r.code,
                timezone.localtime(r.created_at, tz).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at, tz).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at else "",
                _("yes") if r.user_id else _("no"),
            ])
        return response


class MessageView(EventMixin, View):
    permission_required = "events.message_registrants"
    template_name = "events/event_message.html"

    def get(self, request, pk):
        event = self.get_event()
        return render(request, self.template_name, {
            "event": event, "form": MessageForm(),
            "recipients": event.confirmed_count + event.waiting_count,
            "sent": event.messages.all()[:20],
        })

    def post(self, request, pk):
        event = self.get_event()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.event_message_send(event=event, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("Your message is on its way to every registrant."))
                return redirect(event)
        return render(request, self.template_name, {
            "event": event, "form": form,
            "recipients": event.confirmed_count + event.waiting_count,
            "sent": event.messages.all()[:20],
        }, status=400)


class ReportView(EventMixin, View):
    permission_required = "events.report_event"
    template_name = "events/event_report.html"

    def get(self, request, pk):
        event = self.get_event()
        form = ReportForm(initial={
            "summary": event.report_summary,
            "attendance": event.report_attendance,
            "follow_ups": event.report_follow_ups,
        })
        return render(request, self.template_name, {"event": event, "form": form})

    def post(self, request, pk):
        event = self.get_event()
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.event_report_publish(event=event, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(request, error)
                add_form_errors(form, error)
            else:
                messages.success(request, _("The report is published on the event page."))
                return redirect(event)
        return render(request, self.template_name, {"event": event, "form": form}, status=400)
