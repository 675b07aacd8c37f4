"""Reads: what someone may see, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Circle, CircleRequest, Community
from roles import filters as role_filters
from roles.predicates import circles_by_community, is_institution_staff, is_site_staff
from terreau.french import sort_key

from ..models import (
    CalendarToken,
    Event,
    EventCoOrganiser,
    Registration,
)

_CIRCLE_FLAGS = (
    (Circle.CITIZENS, "for_citizens"),
    (Circle.INFORMED, "for_informed"),
    (Circle.ENGAGED, "for_engaged"),
)
VISIBLE_STATES = (Event.State.PUBLISHED, Event.State.CANCELLED)


def visible_events_q(user) -> Q:
    """The events `user` may see, as one filter (mirrors predicates.can_see).

    Costs the queries of the predicates (memberships, gardened communities,
    directions), whatever the number of events.
    """
    audience = Q(audience=Event.Audience.PUBLIC)
    circles = circles_by_community(user)
    for circle, flag in _CIRCLE_FLAGS:
        ids = [cid for cid, c in circles.items() if c == circle]
        if ids:
            audience |= Q(audience=Event.Audience.CIRCLES, community_id__in=ids, **{flag: True})
    visible = Q(state__in=VISIBLE_STATES) & audience
    if user.is_authenticated:
        if is_site_staff(user):
            return Q()
        visible |= Q(organiser=user)
        # predicates.is_event_co_organiser: the team sees its events (a subquery,
        # not one more query).
        visible |= Q(Exists(EventCoOrganiser.objects.filter(event=OuterRef("pk"), person=user)))
        # predicates.animates_event_community: the gardeners see their events.
        visible |= role_filters.gardened_by(user, field="community")
        if is_institution_staff(user):
            # predicates.is_institution_event_staff: they run institution-wide events.
            visible |= Q(community__isnull=True)
    return visible


def event_list(
    *,
    user,
    community: Community | None = None,
    format: str = "",
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    include_past: bool = False,
) -> QuerySet[Event]:
    """Upcoming events `user` may see, soonest first (events still running count)."""
    qs = Event.objects.filter(visible_events_q(user)).select_related("community")
    if not include_past:
        qs = qs.filter(ends_at__gt=timezone.now())
    if community is not None:
        qs = qs.filter(community=community)
    if format:
        qs = qs.filter(format=format)
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return qs.order_by("starts_at", "id")


def next_public_events(*, limit: int = 3) -> list[Event]:
    """The next published public events, the same for everyone (the home page).

    One query whatever the number of events: the community comes joined.
    Events still running count, as on the events list.
    """
    return list(
        Event.objects.filter(
            state=Event.State.PUBLISHED,
            audience=Event.Audience.PUBLIC,
            ends_at__gt=timezone.now(),
        )
        .select_related("community")
        .order_by("starts_at", "id")[:limit]
    )


def next_group_meeting(group) -> Event | None:
    """A working group's next published event that has not ended: one query.

    The group page reads it through workgroups/meetings.py (events/hooks.py
    registers it), since workgroups may not import events.
    """
    return (
        Event.objects.filter(
            working_group=group, state=Event.State.PUBLISHED, ends_at__gt=timezone.now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


def event_for_page(pk: int) -> Event | None:
    return Event.objects.select_related("community", "organiser").filter(pk=pk).first()


def registration_of(user, event: Event) -> Registration | None:
    """The person's live registration for the event, if any."""
    if not user.is_authenticated:
        return None
    registration = (
        Registration.objects.filter(event=event, user=user, status__in=Registration.LIVE)
        .order_by("-id")
        .first()
    )
    if registration is not None:
        registration.event = event
    return registration


def waiting_rank(registration: Registration) -> int | None:
    """1 for the first person in line. Positions never change; ranks do."""
    if not registration.is_waiting:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITING,
            waiting_position__lt=registration.waiting_position,
        ).count()
        + 1
    )


def live_registrants(event: Event) -> list[Registration]:
    """Confirmed and waiting people (pending ones have not confirmed their address)."""
    rows = list(
        Registration.objects.filter(
            event=event, status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING)
        )
        .select_related("user")
        .order_by("status", "waiting_position", "name", "id")
    )
    for row in rows:
        row.event = event
    return rows


def registrants(event: Event, *, search: str = "") -> list[Registration]:
    """Everyone who registered, for the organisers: confirmed first, then the line."""
    order = {Registration.Status.CONFIRMED: 0, Registration.Status.WAITING: 1,
             Registration.Status.PENDING: 2, Registration.Status.CANCELLED: 3}
    qs = Registration.objects.filter(event=event).select_related("user", "checked_in_by")
    if search:
        code = "".join(ch for ch in search.upper() if ch.isalnum())
        match = Q(name__icontains=search.strip()) | Q(email__icontains=search.strip())
        if code:
            match |= Q(code=code)
        qs = qs.filter(match)
    rows = sorted(
        qs, key=lambda r: (order[r.status], r.waiting_position or 0, sort_key(r.name), r.pk)
    )
    for row in rows:
        row.event = event
    return rows


def registrations_of_user(user, *, include_past: bool = False) -> list[Registration]:
    qs = (
        Registration.objects.filter(user=user, status__in=Registration.LIVE)
        .select_related("event", "event__community")
        .order_by("event__starts_at", "id")
    )
    if not include_past:
        qs = qs.filter(event__ends_at__gt=timezone.now())
    return list(qs)


def events_of_user_feed(user) -> tuple[list[Event], set[int]]:
    """The events in a person's private feed and those whose link they may see.

    Includes cancelled events (so calendars drop them) and the recent past.
    """
    since = timezone.now() - dt.timedelta(days=90)
    rows = (
        Registration.objects.filter(user=user, event__ends_at__gt=since)
        .exclude(status=Registration.Status.PENDING)
        .select_related("event", "event__community")
        .order_by("event__starts_at", "-id")
    )
    events: dict[int, Event] = {}
    with_link: set[int] = set()
    for registration in rows:
        if registration.status == Registration.Status.CANCELLED:
            if registration.event_id in events:
                continue
            # A cancelled registration shows as cancelled in this person's calendar.
            registration.event.state = Event.State.CANCELLED
        elif registration.is_confirmed:
            with_link.add(registration.event_id)
        events[registration.event_id] = registration.event
    return list(events.values()), with_link


def calendar_token_of(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def user_for_calendar_token(token: str):
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    return row.user if row is not None and row.user.is_active else None


def informed_circle_offer(registration: Registration) -> dict | None:
    """Offer a citizen who came to join the community's informed circle.

    None when there is nothing to offer: no community, not present, already
    informed or closer, or a request already waiting for the gardeners.
    """
    event = registration.event
    if event.community_id is None or registration.checked_in_at is None:
        return None
    if registration.user_id is None:
        return {"kind": "signup", "community": event.community}
    circle = circles_by_community(registration.user).get(event.community_id)
    if circle is not None and circle >= Circle.INFORMED:
        return None
    pending = CircleRequest.objects.filter(
        community_id=event.community_id, user_id=registration.user_id,
        status=CircleRequest.Status.PENDING,
    ).exists()
    if pending:
        return {"kind": "pending", "community": event.community}
    return {"kind": "join" if circle is None else "request", "community": event.community}


# --- Figures for the dashboards (insights) --------------------------------------


def next_community_events(
    *, community: Community, now: dt.datetime, limit: int, user
) -> list[Event]:
    """The community's next published events that `user` may see (the twin of
    `events.view_event`: the cultivator's dashboard does not list an event
    for the engaged circle), soonest first, with their counts: one query."""
    return list(
        Event.objects.filter(
            visible_events_q(user), community=community, state=Event.State.PUBLISHED,
            starts_at__gte=now,
        )
        .only(
            "pk", "title", "starts_at", "time_zone", "capacity", "confirmed_count",
            "waiting_count", "community_id", "state",
        )
        .order_by("starts_at", "pk")[:limit]
    )


def _per_community(queryset, aggregate) -> Coalesce:
    rows = queryset.order_by().values("community").annotate(n=aggregate).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def upcoming_per_community(*, now: dt.datetime) -> dict:
    """Annotations for a queryset of communities: their next published events.

    `upcoming_events`, `upcoming_waiting` (waiting lists), and over the events
    that have a seat limit, `seats_taken` and `seats`. Correlated subqueries,
    so that they multiply no other count of the same query.
    """
    upcoming = Event.objects.filter(
        community=OuterRef("pk"), state=Event.State.PUBLISHED, starts_at__gte=now
    )
    with_seats = upcoming.filter(capacity__isnull=False)
    return {
        "upcoming_events": _per_community(upcoming, Count("pk")),
        "upcoming_waiting": _per_community(upcoming, Sum("waiting_count")),
        "seats_taken": _per_community(with_seats, Sum("confirmed_count")),
        "seats": _per_community(with_seats, Sum("capacity")),
    }
