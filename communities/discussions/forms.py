from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from . import services


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=services.CHANNEL_NAME_MAX_LENGTH)
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


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=services.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Text only; links become clickable. Mention someone with @ and their name."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(forms.Form):
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
