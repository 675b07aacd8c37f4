"""Forms: they read and type the input; services decide and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .selectors import Filters


class EntryForm(forms.Form):
    territory = forms.CharField(
        label=_("Territory"),
        max_length=services.TERRITORY_MAX_LENGTH,
        required=False,
        help_text=_("Where you act: a commune, a neighbourhood... Pick one already used or type yours."),
        widget=forms.TextInput(attrs={"list": "territory-suggestions", "autocomplete": "off"}),
    )
    show_email = forms.BooleanField(
        label=_("Show my e-mail address to the members of this community"),
        required=False,
        help_text=_("Otherwise nobody sees it: members ask the gardeners to put them in touch."),
    )
    # Text, not number, inputs: a decimal comma ("43,604") is accepted.
    latitude = forms.CharField(
        label=_("Latitude (optional)"),
        required=False,
        max_length=32,
        help_text=_("Between -90 and 90, e.g. 45.764. Rounded to about 100 m."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.CharField(
        label=_("Longitude (optional)"),
        required=False,
        max_length=32,
        help_text=_("Between -180 and 180, e.g. 4.836. Leave both empty to stay off the map."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if "latitude" in data and "longitude" in data:
            try:
                data["latitude"], data["longitude"] = services.check_location(
                    data["latitude"].strip(), data["longitude"].strip()
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    for item in errors:
                        self.add_error(field, item)
        return data


class FilterForm(forms.Form):
    """The directory's filters, all optional. Choices are what the community uses."""

    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    interest = forms.ChoiceField(label=_("Interest"), required=False)

    def __init__(self, data=None, *, territories=(), skills=(), interests=()):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["territory"].choices = everything + [(t, t) for t in territories]
        self.fields["skill"].choices = everything + [(s, s) for s in skills]
        self.fields["interest"].choices = everything + [(i, i) for i in interests]

    def filters(self) -> Filters:
        """The filters that are valid; a bad value drops only itself (its error shows)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            q=" ".join(data.get("q", "").split()),
            territory=data.get("territory", ""),
            skill=data.get("skill", ""),
            interest=data.get("interest", ""),
        )

    def is_active(self) -> bool:
        return any(vars(self.filters()).values())
