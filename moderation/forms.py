from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case, Reason
from .services import NOTE_MAX, TEXT_MAX


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason from the list.")},
    )
    text = forms.CharField(
        label=_("Anything to add (optional)"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the gardeners read it. The author never learns who reported."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Case.Status.KEPT, _("Keep it (dismiss the reports)")),
            (Case.Status.HIDDEN, _("Hide it from readers")),
            (Case.Status.WARNED, _("Keep it and warn its author")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with this content.")},
    )
    note = forms.CharField(
        label=_("Why"), required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to hide or warn: the author reads it, never who reported."),
    )
