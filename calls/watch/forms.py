"""The form of an outside call: it reads the input; the service checks it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutsideCall


class OutsideCallForm(forms.Form):
    # No max_length on the fields: the service says what is too long, in one place.
    title = forms.CharField(label=_("Title"))
    funder = forms.CharField(label=_("Funder"),
                             help_text=_("Who runs the call: a region, a foundation, a ministry…"))
    url = forms.CharField(label=_("Link"), widget=forms.URLInput(attrs={"placeholder": "https://"}),
                          help_text=_("The call's own page, starting with https://."))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("The last day to apply: listed until this day included."))
    themes = forms.CharField(label=_("Themes"), help_text=_(
        "Separated by commas. The people whose communities, organisations or interests carry "
        "one of them are told."))
    territory = forms.CharField(label=_("Territory"), required=False)

    def clean_themes(self):
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]

    @staticmethod
    def initial_for(outside: OutsideCall) -> dict:
        return {"title": outside.title, "funder": outside.funder, "url": outside.url,
                "deadline": outside.deadline, "territory": outside.territory,
                "themes": ", ".join(tag.name for tag in outside.themes.all())}
