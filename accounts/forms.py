from django import forms
from django.utils.translation import gettext_lazy as _


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
