"""Forms: they read and type the input; the services decide and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

RICH_TEXT_HELP = _(
    "Write plain text (a blank line starts a new paragraph), or use the buttons: "
    "headings, bold, italics, links and lists. Scripts and images from other sites are "
    "refused; add a picture with the image field."
)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class RichTextarea(forms.Textarea):
    """A textarea the editor toolbar (newsletters/editor.js) attaches to."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "data-rich-text": "", **(attrs or {})})


class LetterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    planned_for = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contributions_until = forms.DateTimeField(
        label=_("Contributions until"), widget=LocalDateTimeInput,
        help_text=_("Members can propose sections until this moment."),
    )
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=RichTextarea(attrs={"rows": 6}),
        help_text=RICH_TEXT_HELP,
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "planned_for": data["planned_for"],
                "contributions_until": data["contributions_until"], "intro": data["intro"]}


class LetterCreateForm(LetterForm):
    invite_informed = forms.BooleanField(
        label=_("Invite the informed circle to contribute too"), required=False,
        help_text=_("The call for contributions always goes to the engaged circle."),
    )

    field_order = ["title", "planned_for", "contributions_until", "invite_informed", "intro"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "invite_informed": self.cleaned_data["invite_informed"]}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(label=_("Text"), widget=RichTextarea, help_text=RICH_TEXT_HELP)
    image = forms.ImageField(
        label=_("Image"), required=False, help_text=_("Optional. JPEG, PNG or WebP, 5 MB at most.")
    )
    image_alt = forms.CharField(
        label=_("Image description"), required=False, max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    event = forms.ModelChoiceField(
        label=_("Linked event"), required=False, queryset=None,
        empty_label=_("No event"),
        help_text=_("Optional: an upcoming event of the community."),
    )

    def __init__(self, *args, events, has_image=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        if not has_image:
            del self.fields["remove_image"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "body": data["body"], "image": data.get("image") or None,
            "image_alt": data["image_alt"], "event": data["event"],
            **({"remove_image": data["remove_image"]} if "remove_image" in data else {}),
        }


class DecisionForm(forms.Form):
    ACCEPT, CHANGES, DECLINE = "accept", "changes", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(ACCEPT, _("Accept")), (CHANGES, _("Ask for changes")), (DECLINE, _("Decline"))],
    )
    comment = forms.CharField(
        label=_("Comment to the author"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to ask for changes or to decline: the author reads it."),
    )


class ReopenForm(forms.Form):
    contributions_until = forms.DateTimeField(
        label=_("New deadline for contributions"), widget=LocalDateTimeInput
    )


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(label=_("Send on"), widget=LocalDateTimeInput)


class AudienceForm(forms.Form):
    """Checkboxes "community:circle"; other communities only for the cultivator."""

    circles = forms.MultipleChoiceField(
        label=_("Send to"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {c.pk: c for c in communities}
        self.fields["circles"].choices = [
            (f"{c.pk}:{circle.value}", f"{c.name} — {circle.label}")
            for c in communities
            for circle in sorted(Circle, reverse=True)
        ]

    def chosen(self) -> list:
        pairs = []
        for value in self.cleaned_data["circles"]:
            community_id, circle = value.split(":")
            pairs.append((self.communities[int(community_id)], int(circle)))
        return pairs


def default_deadline():
    return (timezone.localtime() + dt.timedelta(days=14)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
