"""Forms of the workshops (issue #17, item 3). They read the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .forms import ProposalForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def event_label(event) -> str:
    when = date_format(timezone.localtime(event.starts_at, event.tz), "j F Y, H:i")
    return f"{event.title} — {when}"


class WorkshopLinkForm(forms.Form):
    event = forms.TypedChoiceField(
        label=_("Event"), coerce=int,
        error_messages={"required": _("Choose the event."),
                        "invalid_choice": _("Choose an event from the list.")})

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.events = {event.pk: event for event in events}
        self.fields["event"].choices = [("", "—")] + [
            (pk, event_label(event)) for pk, event in self.events.items()]

    def chosen(self):
        return self.events[self.cleaned_data["event"]]


class WorkshopCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME,
                                    error_messages={"required": _("Say when it starts.")})
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME,
                                  error_messages={"required": _("Say when it ends.")})
    address = forms.CharField(label=_("Address"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Description (optional)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        help_text=_("The person must have an account on the site."),
        error_messages={"required": _("Give the e-mail address of their account.")})


class WorkshopForm(ProposalForm):
    """A contribution of a workshop: which one (among the process's workshops
    that have ended) and how many took part; or, for a meeting held outside
    the events app, its source in words."""

    event = forms.TypedChoiceField(label=_("Workshop"), coerce=int, required=False,
                                   empty_value=None)
    participants = forms.IntegerField(
        label=_("Number of participants"), required=False,
        widget=forms.NumberInput(attrs={"min": 1}))
    source_label = forms.CharField(
        label=_("Or, for a meeting that is not among the workshops, where it was said"),
        max_length=200, required=False,
        help_text=_("e.g. “workshop of 12 March, 23 participants”."))

    def __init__(self, *args, process, workshops=(), **kwargs):
        super().__init__(*args, process=process, **kwargs)
        self.workshop_events = {w.event.pk: w.event for w in workshops}
        self.fields["event"].choices = [("", "—")] + [
            (pk, event_label(event)) for pk, event in self.workshop_events.items()]
        self.fields["event"].error_messages["invalid_choice"] = _(
            "This event is not one of this process's workshops.")
        self.fields["text"].label = _("What the participants proposed")
        del self.fields["latitude"], self.fields["longitude"]  # a workshop has its own place
        self.order_fields(["event", "participants", "source_label", "title", "text", "category"])

    def chosen_event(self):
        pk = self.cleaned_data.get("event")
        return self.workshop_events.get(pk) if pk else None
