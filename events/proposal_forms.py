"""Forms of members' proposals: they read and type the input; services decide."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from .forms import WallClockField, event_year_range
from .services.proposals import ACCEPT, CHANGES, DECLINE, MAX_DATE_OPTIONS

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
            initial = {
                "title": proposal.title, "description": proposal.description,
                "starts_at": _wall(proposal.starts_at), "ends_at": _wall(proposal.ends_at),
                "address": proposal.address, "circle": proposal.circle,
            }
            others = [o.starts_at for o in proposal.date_options.all()
                      if o.starts_at != proposal.starts_at]
            for number, moment in enumerate(others, start=1):
                initial[f"other_date_{number}"] = _wall(moment)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        # A date poll: up to four more dates ("which of these dates suits you?").
        for number in range(1, MAX_DATE_OPTIONS):
            self.fields[f"other_date_{number}"] = WallClockField(
                label=_("Other possible date %(number)d") % {"number": number}, required=False,
                help_text=_("Offer other dates and the members the event is for say which "
                            "suit them; the gardeners pick one. Same length as above.")
                if number == 1 else "",
            )

    def clean(self):
        data = super().clean()
        first, last = event_year_range()
        names = [f"other_date_{number}" for number in range(1, MAX_DATE_OPTIONS)]
        for name in ("starts_at", "ends_at", *names):
            value = data.get(name)
            if value is None:
                continue
            if not first <= value.year <= last:
                self.add_error(name, _("Choose a date between the years %(first)d and %(last)d.")
                               % {"first": first, "last": last})
                data.pop(name, None)
            else:
                data[name] = value.replace(tzinfo=PARIS)
        data["other_dates"] = [data.pop(name) for name in names if data.get(name) is not None]
        for name in names:
            data.pop(name, None)
        return data


def _wall(moment):
    return timezone.localtime(moment, PARIS).replace(tzinfo=None)


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

    def __init__(self, *args, options=(), **kwargs):
        """`options`: the poll's dates, each with `votes` (selectors.poll_results)."""
        super().__init__(*args, **kwargs)
        if options:
            self.fields["date_option"] = forms.TypedChoiceField(
                label=_("The date of the event"), required=False, coerce=int,
                empty_value=None, widget=forms.RadioSelect,
                choices=[(o.pk, _date_label(o)) for o in options],
                help_text=_("Needed to accept: the date the event is published at."),
            )


def _date_label(option) -> str:
    return _("%(date)s (suits %(count)d)") % {
        "date": formats.date_format(timezone.localtime(option.starts_at, PARIS),
                                    "DATETIME_FORMAT"),
        "count": option.votes,
    }


class PollAnswerForm(forms.Form):
    """A member's answer to the poll: the dates that suit them (none is an answer)."""

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option_ids"] = forms.TypedMultipleChoiceField(
            label=_("The dates that suit me"), required=False, coerce=int,
            widget=forms.CheckboxSelectMultiple,
            choices=[(o.pk, formats.date_format(timezone.localtime(o.starts_at, PARIS),
                                                "DATETIME_FORMAT")) for o in options],
            help_text=_("Tick none if no date suits you. You can change your answer until "
                        "the gardeners decide."),
        )
