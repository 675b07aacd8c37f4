from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from . import services
from .formatting import printable


class StorableForm(forms.Form):
    """A form whose posted text is refused, not crashed on, when broken.

    A lone surrogate (a form posted as UTF-7 decodes "+2AA-" to one) cannot
    be encoded in the page that shows the form again, nor stored: the field
    gets the services' message and shows U+FFFD in its place, whatever the
    field (a choice echoes the value in its own error too).
    """

    def __init__(self, data=None, *args, **kwargs):
        self.broken = {}
        if data is not None:
            data = data.copy()
            for name in list(data):
                values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
                fixed = [printable(v) if isinstance(v, str) else v for v in values]
                if fixed != values:
                    self.broken[name] = next(v for v, f in zip(values, fixed) if v != f)
                    if hasattr(data, "setlist"):
                        data.setlist(name, fixed)
                    else:
                        data[name] = fixed[0]
        super().__init__(data, *args, **kwargs)

    def clean(self):
        for name, value in self.broken.items():
            if name in self.fields:
                try:
                    services.check_storable(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return super().clean()


class TextField(forms.CharField):
    """A CharField that refuses what cannot be stored, with the services' message.

    Django's CharField already refuses a NUL byte; a lone surrogate gets in
    through a form posted in another charset (UTF-7 decodes "+2AA-" to one)
    and reached PostgreSQL as a server error. services.check_storable gives
    the same answer as the socket (frames.py) and the services.
    """

    default_validators = [services.check_storable]


class ChannelForm(StorableForm):
    name = TextField(label=_("Name"), max_length=services.CHANNEL_NAME_MAX_LENGTH)
    min_circle = forms.TypedChoiceField(
        label=_("Open to"),
        coerce=int,
        choices=[
            (Circle.CITIZENS, _("All members")),
            (Circle.INFORMED, _("Informed and engaged members")),
            (Circle.ENGAGED, _("Engaged members only")),
        ],
        initial=Circle.CITIZENS,
        widget=forms.RadioSelect,
    )


class MessageForm(StorableForm):
    body = TextField(
        label=_("Your message"),
        max_length=services.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Text only; links become clickable. Mention someone with @ and their name."),
    )


class ReasonForm(StorableForm):
    reason = TextField(
        label=_("Why?"),
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(StorableForm):
    pass


MUTE_DURATIONS = {
    "1h": (timedelta(hours=1), _("One hour")),
    "1d": (timedelta(days=1), _("One day")),
    "7d": (timedelta(days=7), _("One week")),
    "30d": (timedelta(days=30), _("One month")),
}


class MuteForm(ReasonForm):
    duration = forms.ChoiceField(
        label=_("For how long?"),
        choices=[(key, label) for key, (_delta, label) in MUTE_DURATIONS.items()],
        initial="1d",
    )

    field_order = ["duration", "reason"]

    def clean_duration(self):
        return MUTE_DURATIONS[self.cleaned_data["duration"]][0]
