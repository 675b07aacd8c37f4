from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from events.models import Event


class LinkForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.order_by("name"), required=False,
        empty_label=_("None"),
        help_text=_("The community the project lives in: it shows in its “Funded projects” panel."))
    events = forms.ModelMultipleChoiceField(
        label=_("Events of this community"), queryset=Event.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Change the community and save first to see its events."))

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The linked community's published events (selectors.linkable_events).
        if events is not None:
            self.fields["events"].queryset = events
