"""Forms of needs: they read and type the input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Need, Status, Support
from .services import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    TAGS_MAX,
    TITLE_MAX_LENGTH,
)


def split_tags(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


class NeedForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you submitting?"), choices=Need.Kind.choices,
        widget=forms.RadioSelect, initial=Need.Kind.NEED,
        help_text=_("A need: something you lack. A synergy proposal: something to do together."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX_LENGTH,
        help_text=_("In a few words, for example “A venue for a seed swap”."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What, where, when, for whom: what would help the gardeners answer."),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400,
        help_text=_("Optional, separated by commas (at most %(count)d), for example “seeds, venue”.")
        % {"count": TAGS_MAX},
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it?"), choices=Need.Visibility.choices,
        widget=forms.RadioSelect, initial=Need.Visibility.COMMUNITY,
        help_text=_("The gardeners answer either way. Only items visible to the whole "
                    "community can gather “me too” and offers of help."),
    )
    contact_consent = forms.BooleanField(
        label=_("The gardeners may give my name, organisation and e-mail address to people "
                "who can help"),
        required=False,
    )

    def clean_tags(self):
        return split_tags(self.cleaned_data["tags"])


class StepForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Move it to"), widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where the item goes next."),
            "invalid_choice": _("This item has moved meanwhile: it cannot go to that status "
                                "now. Nothing was changed; the page shows its current state."),
        },
    )
    answer = forms.CharField(
        label=_("Your answer to the author"), max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required: the author is notified and reads it on the item's page."),
        error_messages={"required": _("Write an answer for the author: every step is "
                                      "explained to them.")},
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Status(s).label) for s in statuses]
        if len(statuses) == 1:
            self.fields["to_status"].initial = statuses[0]


class SupportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your answer"), choices=Support.Kind.choices, widget=forms.RadioSelect,
        initial=Support.Kind.ME_TOO,
    )
    message = forms.CharField(
        label=_("A word for the gardeners (optional)"), required=False,
        max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_consent = forms.BooleanField(
        label=_("The gardeners may give my name, organisation and e-mail address to the "
                "people concerned"),
        required=False,
    )


class SupportRemoveForm(forms.Form):
    kind = forms.ChoiceField(choices=Support.Kind.choices)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw it? (optional)"), required=False,
        max_length=ANSWER_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConnectForm(forms.Form):
    first = forms.TypedChoiceField(label=_("Put in touch"), coerce=int)
    second = forms.TypedChoiceField(label=_("with"), coerce=int)
    note = forms.CharField(
        label=_("A note for both (optional)"), required=False, max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (p.pk, f"{p} ({p.organisation})" if p.organisation else str(p)) for p in people
        ]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices
        if len(choices) > 1:
            self.fields["first"].initial = choices[0][0]
            self.fields["second"].initial = choices[1][0]


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any open or closed"))] + list(Status.choices),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Needs and proposals"))]
        + list(Need.Kind.choices),
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("Any tag"))] + [(t.slug, t.name) for t in tags]


class RelayForm(forms.Form):
    message = forms.CharField(
        label=_("What you ask of your direction"), max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author reads it on the item's page."),
        error_messages={"required": _("Say what you ask of the direction.")},
    )


class RelayAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The direction's answer"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("partly", _("Yes, in part")), ("no", _("No"))],
        error_messages={"required": _("Choose the direction's answer: yes, in part or no.")},
    )
    answer = forms.CharField(
        label=_("In the direction's words"), max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the direction's answer for the author.")},
    )
