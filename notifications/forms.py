from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Frequency, choosable


class PreferencesForm(forms.Form):
    """One radio group per kind a person may choose for, in the registry's order."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in choosable().items():
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=current.get(key, kind.default),
                error_messages={
                    "required": _("Choose how this kind of notification reaches you."),
                    "invalid_choice": _("Choose immediately, in a daily digest, or never."),
                },
            )
