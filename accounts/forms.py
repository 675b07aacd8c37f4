from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services import BIO_MAX, DISPLAY_NAME_MAX, ORGANISATION_MAX


class SignupForm(forms.Form):
    """Extra fields asked at sign-up by django-allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members will see you."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr")[:2]
        user.save()


class CommaSeparatedTagsField(forms.CharField):
    """Tags typed as “circuits courts, compost, semences”.

    Unlike taggit's TagField, only commas separate tags: a tag may hold
    spaces, as most French phrases do. TagField would split a comma-less
    “circuits courts” into two tags.
    """

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return ", ".join(getattr(tag, "name", str(tag)) for tag in value)

    def to_python(self, value):
        value = super().to_python(value)
        names, seen = [], set()
        for part in value.split(","):
            name = " ".join(part.split())
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names


def _bio_help_text():
    return gettext("A few words about what you do, at most %(max)d characters.") % {"max": BIO_MAX}


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("How other members will see you."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=ORGANISATION_MAX,
        required=False,
        help_text=_("The association, institution or company you act for, if any."),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=BIO_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=lazy(_bio_help_text, str)(),
    )
    interests = CommaSeparatedTagsField(
        label=_("Interests"),
        required=False,
        help_text=_("Themes you care about, separated by commas."),
    )
    skills = CommaSeparatedTagsField(
        label=_("Skills"),
        required=False,
        help_text=_("What you can bring to a community, separated by commas."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The site and its e-mails use this language once you are logged in."),
    )
