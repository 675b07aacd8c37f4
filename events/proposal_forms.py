"""Forms of members' proposals: they read and type the input; services decide."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from .forms import WallClockField, event_year_range
from .services.proposals import ACCEPT, CHANGES, DECLINE

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("What would happen"), widget=forms.Textarea)
    starts_at = WallClockField(label=_("Starts"), help_text=_("Paris time."))
    ends_at = WallClockField(label=_("Ends"))
    address = forms.CharField(label=_("Where"), widget=forms.Textarea(attrs={"rows": 3}))
    circle = forms.TypedChoiceField(
        label=_("For whom"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Everyone"))] + [(c.value, c.label) for c in Circle],
        help_text=_("A circle includes the closer ones: informed includes engaged."),
    )

    def __init__(self, *args, proposal=None, **kwargs):
        if proposal is not None:
            kwargs.setdefault("initial", {
                "title": proposal.title, "description": proposal.description,
                "starts_at": timezone.localtime(proposal.starts_at, PARIS).replace(tzinfo=None),
                "ends_at": timezone.localtime(proposal.ends_at, PARIS).replace(tzinfo=None),
                "address": proposal.address, "circle": proposal.circle,
            })
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, last = event_year_range()
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value is None:
                continue
            if not first <= value.year <= last:
                self.add_error(name, _("Choose a date between the years %(first)d and %(last)d.")
                               % {"first": first, "last": last})
                data.pop(name, None)
            else:
                data[name] = value.replace(tzinfo=PARIS)
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect,
        choices=[(ACCEPT, _("Accept: the event is published to its circles")),
                 (CHANGES, _("Ask for changes")),
                 (DECLINE, _("Decline"))],
    )
    answer = forms.CharField(
        label=_("Your answer to the author"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to ask for changes or to decline: the author reads it."),
    )
