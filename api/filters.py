"""The filters of each list (django-filter: declared once, validated, and
described in the OpenAPI schema from the same declaration)."""

import django_filters

from events.models import Event  # why: its choices only


class CommunityFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(
        field_name="themes__slug", help_text="Only communities with this theme (its slug)."
    )


class EventFilter(django_filters.FilterSet):
    community = django_filters.CharFilter(
        field_name="community__slug", help_text="Only this community's events (its slug)."
    )
    starts_after = django_filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="gte", help_text="Starting at or after (ISO 8601)."
    )
    starts_before = django_filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="lt", help_text="Starting before (ISO 8601)."
    )
    state = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in (Event.State.PUBLISHED, Event.State.CANCELLED)]
    )
    format = django_filters.ChoiceFilter(choices=Event.Format.choices)
