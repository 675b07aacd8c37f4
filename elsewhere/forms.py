from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExternalTool


class ToolForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExternalTool.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=160)
    url = forms.CharField(label=_("Link"), max_length=500,
                          widget=forms.URLInput(attrs={"placeholder": "https://"}))
    closes_on = forms.DateField(label=_("Closing date"),
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Shown on the community's page until this day "
                                            "included."))
