"""Forms: they read and type the input; services decide and write."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Circle
from workgroups.models import WorkingGroup

from .models import Event

# The zones French institutions' events take place in, first; any other
# valid zone already on an event stays selectable.
COMMON_TIME_ZONES = (
    "Europe/Paris", "America/Guadeloupe", "America/Martinique", "America/Cayenne",
    "Indian/Reunion", "Indian/Mayotte", "America/Miquelon", "Pacific/Noumea",
    "Pacific/Tahiti", "Pacific/Wallis", "Europe/London", "Europe/Brussels", "UTC",
)


def event_year_range() -> tuple[int, int]:
    """The years an event may be dated in: last year to ten years ahead."""
    year = timezone.localdate().year
    return year - 1, year + 10


class WallClockField(forms.DateTimeField):
    """A date and time as written on the poster: no time zone yet.

    The form attaches the event's time zone in `clean()`, so "10:00" means
    10:00 where the event happens, whoever types it.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        try:
            return dt.datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class EventForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"), required=False)
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"), help_text=_("The dates above are in this time zone.")
    )
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an event in person or hybrid."),
    )
    online_url = forms.CharField(
        label=_("Online link"), required=False, max_length=200,
        widget=forms.URLInput,
        help_text=_("For an event online or hybrid. Shown only to people with a seat."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1,
        help_text=_("Leave empty for unlimited seats."),
    )
    registration_opens_at = WallClockField(
        label=_("Registration opens"), required=False,
        help_text=_("Empty: as soon as the event is published."),
    )
    registration_closes_at = WallClockField(
        label=_("Registration closes"), required=False,
        help_text=_("Empty: when the event starts."),
    )
    audience = forms.ChoiceField(
        label=_("Who may register"), choices=Event.Audience.choices, widget=forms.RadioSelect
    )
    working_group = forms.TypedChoiceField(
        label=_("Working group"), required=False, coerce=int, empty_value=None,
        help_text=_("A meeting of one of the community's working groups: it shows on the group's page."),
    )
    circles = forms.TypedMultipleChoiceField(
        label=_("Circles the event is open to"),
        choices=Circle.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only when the event is reserved to chosen circles of the community. A circle "
            "opens the event to the closer circles too: informed includes engaged."
        ),
    )

    WALL_CLOCK_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, communities=None, event: Event | None = None, **kwargs):
        """`communities`: (value, label) choices the person may create for; None on edit."""
        initial = kwargs.pop("initial", {}) or {}
        if event is not None:
            tz = event.tz
            for name in ("title", "description", "time_zone", "format", "address",
                         "online_url", "capacity", "audience"):
                initial.setdefault(name, getattr(event, name))
            for name in self.WALL_CLOCK_FIELDS:
                value = getattr(event, name)
                if value is not None:
                    initial.setdefault(name, timezone.localtime(value, tz).replace(tzinfo=None))
            initial.setdefault("circles", sorted(event.circles))
        initial.setdefault("time_zone", "Europe/Paris")
        initial.setdefault("audience", Event.Audience.PUBLIC)
        super().__init__(*args, initial=initial, **kwargs)
        self.event = event
        zones = list(COMMON_TIME_ZONES)
        if event is not None and event.time_zone not in zones:
            zones.append(event.time_zone)
        self.fields["time_zone"].choices = [(z, z) for z in zones]
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].choices = communities
        self._set_group_choices(communities)

    def _set_group_choices(self, communities) -> None:
        """The active working groups of the communities this form may create for
        (on edit: of the event's community); no field when there are none."""
        if communities is not None:
            groups = WorkingGroup.objects.filter(
                community__slug__in=[value for value, _label in communities]
            )
        elif self.event is not None and self.event.community_id is not None:
            groups = WorkingGroup.objects.filter(community_id=self.event.community_id)
            self.initial.setdefault("working_group", self.event.working_group_id)
        else:
            groups = WorkingGroup.objects.none()
        groups = list(
            groups.filter(archived_at__isnull=True)
            .select_related("community")
            .order_by("community__name", "name")
        )
        self.group_communities = {g.pk: g.community.slug for g in groups}
        if not groups:
            del self.fields["working_group"]
            return
        self.fields["working_group"].choices = [("", _("None"))] + [
            (g.pk, f"{g.community.name} — {g.name}" if communities else g.name) for g in groups
        ]

    def clean(self):
        data = super().clean()
        group = data.get("working_group")
        if group is not None and "community" in self.fields and (
            self.group_communities.get(group) != data.get("community")
        ):
            self.add_error("working_group", ValidationError(
                _("This working group belongs to another community."), code="other_community"
            ))
        try:
            tz = zoneinfo.ZoneInfo(data.get("time_zone") or "Europe/Paris")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return data
        first, last = event_year_range()
        for name in self.WALL_CLOCK_FIELDS:
            value = data.get(name)
            if value is None:
                continue
            if not first <= value.year <= last and not self._unchanged(name, value, tz):
                # A typo (year 9999) would break the calendars and the feeds.
                self.add_error(name, ValidationError(
                    _("Choose a date between the years %(first)d and %(last)d.")
                    % {"first": first, "last": last},
                    code="year_out_of_range",
                ))
                continue
            data[name] = value.replace(tzinfo=tz)
        return data

    def _unchanged(self, name: str, value: dt.datetime, tz) -> bool:
        """An event already dated out of the range may still be edited as it is."""
        current = getattr(self.event, name, None) if self.event is not None else None
        if current is None:
            return False
        return timezone.localtime(current, tz).replace(
            tzinfo=None, second=0, microsecond=0
        ) == value.replace(second=0, microsecond=0)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("community", None)
        if "working_group" in data:
            group_id = data.pop("working_group")
            data["working_group"] = (
                WorkingGroup.objects.filter(pk=group_id).first() if group_id else None
            )
        if self.event is not None:
            # The form shows minutes: an untouched date must not count as a
            # change (and e-mail every registrant) because of stored seconds.
            for name in self.WALL_CLOCK_FIELDS:
                current = getattr(self.event, name)
                if (data.get(name) is not None and current is not None
                        and data[name] == current.replace(second=0, microsecond=0)):
                    data.pop(name)
        return data


class AnonymousRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm your registration."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers keep my name and e-mail address to manage my "
            "registration to this event and to write to me about it."
        ),
        required=True,
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to every registrant."),
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=160)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("What happened"), widget=forms.Textarea)
    attendance = forms.IntegerField(
        label=_("Attendance"), min_value=0, required=False,
        help_text=_("Empty: the number of people checked in."),
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, widget=forms.Textarea,
        help_text=_("What comes next: decisions, working groups, next meeting."),
    )


FILTER_FIRST_YEAR, FILTER_LAST_YEAR = 1900, 2100


class FilterForm(forms.Form):
    """The list's filters, read from the query string; bad values are ignored."""

    community = forms.SlugField(label=_("Community"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *Event.Format.choices]
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def _clean_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not FILTER_FIRST_YEAR <= day.year <= FILTER_LAST_YEAR:
            raise ValidationError(
                _("Choose a date between the years %(first)d and %(last)d.")
                % {"first": FILTER_FIRST_YEAR, "last": FILTER_LAST_YEAR},
                code="year_out_of_range",
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")
