"""The filters of each list (django-filter: declared once, validated, and
described in the OpenAPI schema from the same declaration)."""

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from events.models import Event  # why: its choices only


def in_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A moment with any UTC offset ISO 8601 allows, as UTC: PostgreSQL
    refuses offsets past ±15:59, and the year must stay within 1-9999."""
    if value is None:
        return None
    try:
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValidationError(
            _("Enter a date and time between the years 1 and 9999."), code="invalid"
        ) from None


class UtcDateTimeField(forms.DateTimeField):
    def to_python(self, value):
        return in_utc(super().to_python(value))


class UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        return in_utc(super().to_python(value))


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CommunityFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(
        field_name="themes__slug", help_text="Only communities with this theme (its slug)."
    )


class EventFilter(django_filters.FilterSet):
    community = django_filters.CharFilter(
        field_name="community__slug", help_text="Only this community's events (its slug)."
    )
    starts_after = UtcDateTimeFilter(
        field_name="starts_at", lookup_expr="gte", help_text="Starting at or after (ISO 8601)."
    )
    starts_before = UtcDateTimeFilter(
        field_name="starts_at", lookup_expr="lt", help_text="Starting before (ISO 8601)."
    )
    state = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in (Event.State.PUBLISHED, Event.State.CANCELLED)]
    )
    format = django_filters.ChoiceFilter(choices=Event.Format.choices)
