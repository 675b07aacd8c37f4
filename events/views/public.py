"""Lists, the month calendar, an event's page and the calendar feeds."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

import rules
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from communities.models import Community
from communities.views.base import community_from_slug
from roles.predicates import gardened_community_ids

from .. import ical, related, selectors, tokens
from ..forms import AnonymousRegistrationForm, FilterForm
from ..models import Event, Registration
from .base import EventMixin

PAGE_SIZE = 20


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class EventListView(TemplateView):
    """Upcoming events across the platform, or of one community."""

    template_name = "events/event_list.html"

    def get_community(self):
        slug = self.kwargs.get("slug")
        return community_from_slug(slug) if slug else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = self.get_community()
        filters = FilterForm(self.request.GET or None)
        data = {}
        if filters.is_bound:
            # A bad value drops that filter only (its message shows); the others apply.
            filters.is_valid()
            data = filters.cleaned_data
        if community is None and data.get("community"):
            community = Community.objects.filter(slug=data["community"]).first()
        start, end = data.get("start"), data.get("end")
        events = selectors.event_list(
            user=self.request.user,
            community=community,
            format=data.get("format") or "",
            start=_day_start(start) if start else None,
            end=_day_start(end + dt.timedelta(days=1)) if end else None,
        )
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            community=community,
            fixed_community="slug" in self.kwargs,
            filters=filters,
            page=page,
            events=page.object_list,
            query=query.urlencode(),
            communities=Community.objects.only("name", "slug").order_by("name"),
            feed_url=(
                reverse("events:feed_community", kwargs={"slug": community.slug})
                if community else reverse("events:feed")
            ),
            calendar_url=reverse("events:calendar"),
            # The button only for those the creation page lets in (EventCreateView:
            # a community they animate, or an institution-wide event).
            can_create_event=self.request.user.is_authenticated and (
                bool(gardened_community_ids(self.request.user))
                or rules.has_perm("events.add_event", self.request.user, None)
            ),
        )
        return context


class CalendarView(TemplateView):
    """A month as a table: one row per week, one cell per day, no script."""

    template_name = "events/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = self.kwargs.get("year", today.year)
        month = self.kwargs.get("month", today.month)
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise Http404
        first = dt.date(year, month, 1)
        weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        events = list(
            selectors.event_list(
                user=self.request.user,
                include_past=True,
                start=_day_start(weeks[0][0]),
                end=_day_start(weeks[-1][-1] + dt.timedelta(days=1)),
            )
        )
        by_day: dict[dt.date, list[Event]] = {}
        for event in events:
            day = timezone.localdate(event.starts_at)
            last = timezone.localdate(event.ends_at - dt.timedelta(seconds=1))
            while day <= last:
                by_day.setdefault(day, []).append(event)
                day += dt.timedelta(days=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        context.update(
            month=first,
            today=today,
            agenda=[e for e in events if e.starts_at < _day_start(following)
                    and e.ends_at > _day_start(first)],
            weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
            previous_url=reverse("events:calendar_month",
                                 kwargs={"year": previous.year, "month": previous.month}),
            next_url=reverse("events:calendar_month",
                             kwargs={"year": following.year, "month": following.month}),
            day_names=[(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)],
            feed_url=reverse("events:feed"),
        )
        return context


def event_page_context(request, event: Event, *, form=None) -> dict:
    """Everything the event page shows; used again when a form comes back invalid."""
    user = request.user
    registration = selectors.registration_of(user, event)
    is_organiser = user.has_perm("events.view_registrants", event)
    context = {
        "event": event,
        "registration": registration,
        "rank": selectors.waiting_rank(registration) if registration else None,
        "registration_url": reverse(
            "events:registration", kwargs={"token": tokens.make(registration, tokens.VIEW)}
        ) if registration else "",
        "can_register": (
            registration is None
            and event.registration_is_open()
            and user.has_perm("events.register_event", event)
        ),
        "registration_window": event.registration_window(),
        "is_organiser": is_organiser,
        "ics_url": reverse("events:ics", kwargs={"pk": event.pk}),
        "now": timezone.now(),
        # What the event belongs to, from apps above (events/related.py): e.g. a process.
        "related_blocks": related.blocks_for(event, user),
    }
    if not user.is_authenticated and event.is_public:
        context["form"] = form or AnonymousRegistrationForm()
    if is_organiser:
        context["registrants"] = selectors.registrants(event)
        context["counts"] = {
            status: sum(1 for r in context["registrants"] if r.status == status)
            for status in Registration.Status.values
        }
        context["conversion"] = selectors.invitation_conversion(event)
        context["team"] = selectors.team_of(event)
    return context


class EventDetailView(EventMixin, View):
    permission_required = "events.view_event"

    def get(self, request, pk):
        event = self.get_event()
        return render(request, "events/event_detail.html", event_page_context(request, event))


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class EventIcsView(EventMixin, View):
    """One event's .ics; its online link only for someone with a seat."""

    permission_required = "events.view_event"

    def get(self, request, pk):
        event = self.get_event()
        registration = selectors.registration_of(request.user, event)
        with_link = registration is not None and registration.is_confirmed
        name = f"{slugify(event.title)[:50] or 'event'}.ics"
        return _ics_response(ical.event_file(event, with_link=with_link), name)


def _public_feed_events(community=None):
    since = timezone.now() - dt.timedelta(days=90)
    qs = Event.objects.filter(
        state__in=selectors.VISIBLE_STATES, audience=Event.Audience.PUBLIC, ends_at__gt=since
    ).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("starts_at", "id")


def feed_all(request):
    """Every public event of the platform (subscribe once, stay in sync)."""
    content = ical.calendar(_public_feed_events(), name=_("Terreau — public events"))
    return _ics_response(content, "terreau.ics")


def feed_community(request, slug):
    community = community_from_slug(slug)
    content = ical.calendar(
        _public_feed_events(community), name=_("Terreau — %(community)s") % {"community": community}
    )
    return _ics_response(content, f"{community.slug}.ics")


def feed_personal(request, token):
    """A person's own events: the secret in the address stands for a login."""
    user = selectors.user_for_calendar_token(token)
    if user is None:
        raise Http404
    events, with_link = selectors.events_of_user_feed(user)
    content = ical.calendar(events, name=_("Terreau — my events"), with_link_for=with_link)
    return _ics_response(content, "my-events.ics")
