"""Forms of the gardening pages. They validate input only; services write."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from audit import Action
from communities.models import Community, Direction


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the members share and what they do together."),
    )
    themes = TagField(
        label=_("Themes"),
        required=False,
        help_text=_("Separate themes with commas, for example: biodiversity, water, schools."),
    )
    territory = forms.CharField(label=_("Territory"), max_length=120)
    direction = forms.ModelChoiceField(
        label=_("Direction"),
        queryset=Direction.objects.order_by("name"),
        help_text=_("The direction of the institution this community relates to."),
    )
    picture = forms.ImageField(label=_("Picture (optional)"), required=False)
    picture_alt = forms.CharField(
        label=_("Picture description"),
        max_length=200,
        required=False,
        help_text=_("Required with a picture: describe it for people who cannot see it."),
    )
    how_to_join = forms.CharField(
        label=_("How to join"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What a newcomer should know: the rules, what each circle does."),
    )

    def __init__(self, *args, community: Community | None = None, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        picture = cleaned.get("picture")
        # False means "clear the current picture" (ClearableFileInput).
        keeps_old = picture is None and self.community is not None and bool(self.community.picture)
        if (picture or keeps_old) and not cleaned.get("picture_alt", "").strip():
            self.add_error(
                "picture_alt",
                _("Describe the picture: people using a screen reader rely on it."),
            )
        return cleaned

    @classmethod
    def initial_for(cls, community: Community) -> dict:
        return {
            "name": community.name,
            "description": community.description,
            "themes": list(community.themes.all()),
            "territory": community.territory,
            "direction": community.direction_id,
            "picture": community.picture,
            "picture_alt": community.picture_alt,
            "how_to_join": community.how_to_join,
        }


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name or obj.email} <{obj.email}>"


class DirectionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_coordinating = forms.BooleanField(
        label=_("Coordinating direction (cultivator)"),
        required=False,
        help_text=_("Its staff coordinate every gardener pair."),
    )
    staff = UserChoiceField(
        label=_("Staff"),
        required=False,
        queryset=get_user_model().objects.filter(is_active=True).order_by("display_name", "email"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "The agents of this direction. Hold Ctrl (Cmd on a Mac) to select several people."
        ),
    )


class PairAppointForm(forms.Form):
    territory_gardener = forms.EmailField(
        label=_("Territory gardener's e-mail address"),
        required=False,
        help_text=_("A person from civil society. Leave empty to keep the role vacant."),
    )
    institution_gardener = forms.EmailField(
        label=_("Institution gardener's e-mail address"),
        required=False,
        help_text=_("An agent of the institution. Leave empty to keep the role vacant."),
    )
    direction = forms.ModelChoiceField(
        label=_("Direction of the institution gardener"),
        queryset=Direction.objects.order_by("name"),
        required=False,
        empty_label=_("(none)"),
    )

    def _person(self, field: str):
        email = self.cleaned_data.get(field)
        if not email:
            return None
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _(
                    "Nobody has an account with the address %(email)s. "
                    "Ask the person to sign up first, then appoint them."
                ),
                code="unknown_person",
                params={"email": email},
            )
        return person

    def clean_territory_gardener(self):
        return self._person("territory_gardener")

    def clean_institution_gardener(self):
        return self._person("institution_gardener")

    @classmethod
    def initial_for(cls, pair) -> dict:
        if pair is None:
            return {}
        return {
            "territory_gardener": getattr(pair.territory_gardener, "email", ""),
            "institution_gardener": getattr(pair.institution_gardener, "email", ""),
            "direction": pair.direction_id,
        }


class AuditFilterForm(forms.Form):
    """The audit log's filters: an action, a period (both days included)."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Every action")), *Action.choices]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                _("The start of the period must come before its end."), code="period"
            )
        return data

    def filters(self) -> dict:
        """The filters to apply: none while the form is invalid."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
