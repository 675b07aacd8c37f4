"""Forms of the coaching thread, the contributor invitations and the elected
officials. They validate input only; services write (and check the rest)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from communities.models import Community

from .coaching import MAX_TEXT


class CoachingNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False,
        help_text=_("PDF, office document, text or picture; at most 5 MB."),
    )


class ContributorInviteForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Invite"), queryset=get_user_model().objects.none(),
        help_text=_("They will write, schedule and send this community's letters and edit "
                    "its settings, story and members with you, until you revoke it."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["person"].queryset = candidates


class ElectedOfficialForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.order_by("display_name", "email")
    )
    mandate = forms.CharField(
        label=_("Mandate"), max_length=200, required=False,
        help_text=_("For example: regional councillor, mayor of Lodève."),
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"), queryset=Community.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
