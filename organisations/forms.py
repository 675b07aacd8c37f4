from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, OrganisationMember


class OrganisationForm(forms.ModelForm):
    themes = forms.CharField(label=_("Themes"), required=False,
                             help_text=_("Separated by commas."))

    class Meta:
        model = Organisation
        fields = ["name", "kind", "siret", "rna", "territory", "latitude", "longitude",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "siret": _("14 digits, if the organisation has one."),
            "rna": _("For an association: W followed by 9 digits."),
            "latitude": _("Optional: its place on the map of funded projects, e.g. 45.76404."),
            "longitude": _("Optional, with the latitude, e.g. 4.83566."),
        }

    def clean_themes(self):
        themes = [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]
        if any(len(theme) > 100 for theme in themes):
            raise forms.ValidationError(_("A theme has 100 characters at most."))
        return themes


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationMember.Role.choices,
                             initial=OrganisationMember.Role.MEMBER)


class CommunityLinkForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None,
                                       empty_label=_("Choose a community"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
