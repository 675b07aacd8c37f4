"""Forms of topic proposals: they read the input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from .services import DECLINE, OPEN


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name of the channel"), max_length=80)
    description = forms.CharField(label=_("What it would be for"), widget=forms.Textarea)
    min_circle = forms.TypedChoiceField(
        label=_("Open to"), coerce=int, initial=Circle.INFORMED,
        choices=[(c.value, c.label) for c in Circle],
        help_text=_("A circle includes the closer ones: informed includes engaged."),
    )


class TopicDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect,
        choices=[(OPEN, _("Open the channel")), (DECLINE, _("Decline"))],
    )
    answer = forms.CharField(
        label=_("Your answer to the author"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to decline: the author reads why."),
    )
