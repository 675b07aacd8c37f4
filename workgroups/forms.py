"""Forms of the working groups: they read and type the input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import ISSUE_MAX_LENGTH, NAME_MAX_LENGTH, TEXT_MAX_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    issue = forms.CharField(
        label=_("Issue it addresses"), max_length=ISSUE_MAX_LENGTH,
        help_text=_("The issue the community identified, in a few words."),
    )
    goal = forms.CharField(
        label=_("Goal"), max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group sets out to do, and by when."),
    )
    ends_on = forms.DateField(
        label=_("End date"), required=False, widget=DateInput(),
        help_text=_("Optional: when the group expects to finish."),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What would you bring to the group?"), max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to decline: the member reads it."),
    )


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the engaged members"), required=False, max_length=100,
        help_text=_("A name, an e-mail address or an organisation."),
    )


class UserChoiceForm(forms.Form):
    user = forms.IntegerField(
        min_value=1, max_value=2**31 - 1,
        error_messages={"invalid": _("Choose a member from the list.")},
    )
