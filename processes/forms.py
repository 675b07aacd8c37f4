"""Forms of citizen dialogue processes. They read the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Direction

from .models import Answer, Commitment, Phase, Process, ProcessDocument

TEXTAREA = {"rows": 4}


class ProcessForm(forms.ModelForm):
    """The process and its mandate; the direction is chosen among those the
    person may run processes for (set by the view)."""

    direction = forms.ModelChoiceField(label=_("Direction"), queryset=Direction.objects.none())

    class Meta:
        model = Process
        fields = [
            "title", "summary", "territory", "direction", "community", "elected_official",
            "open_to_debate", "not_open_to_debate", "decision_maker", "contributions_use",
            "answer_due_on", "support_threshold", "categories",
        ]
        widgets = {
            "summary": forms.Textarea(attrs=TEXTAREA),
            "open_to_debate": forms.Textarea(attrs=TEXTAREA),
            "not_open_to_debate": forms.Textarea(attrs=TEXTAREA),
            "contributions_use": forms.Textarea(attrs=TEXTAREA),
            "categories": forms.Textarea(attrs={"rows": 3}),
            "answer_due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, directions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.order_by("name")
        if self.instance.pk:
            del self.fields["direction"]  # a process stays with its direction
        else:
            self.fields["direction"].queryset = directions if directions is not None \
                else Direction.objects.none()
        for name in ("title", "summary", "territory", "elected_official", "open_to_debate",
                     "not_open_to_debate", "decision_maker", "contributions_use"):
            self.fields[name].required = False  # the service names what is missing


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Phase.Kind.choices],
                             required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(
        label=_("Ends"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    text = forms.CharField(label=_("What happens in this phase"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("kind", "starts_at", "ends_at", "text"))


PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, max_num=12, absolute_max=12)


def _category_field(process: Process) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Category"), required=False,
        choices=[("", "—"), *((c, c) for c in process.category_list())])


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Your proposal"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))
    # An optional place; the service checks both-or-neither and the bounds.
    latitude = forms.FloatField(label=_("Latitude (optional)"), required=False)
    longitude = forms.FloatField(label=_("Longitude (optional)"), required=False)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        if process.category_list():
            self.fields["category"] = _category_field(process)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=Answer.Status.choices,
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why"), required=False,
                             help_text=_("In a few sentences: the contributors will read it."),
                             widget=forms.Textarea(attrs={"rows": 4}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why hide it"), required=False,
                             help_text=_("Its author reads this reason."),
                             widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Commitment"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  initial=0)
    due_on = forms.DateField(label=_("Date"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Where it stands"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.ModelChoiceField(label=_("Proposal it answers"), required=False,
                                      queryset=None)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = process.proposals.filter(hidden_at__isnull=True)


class LeadGrantForm(forms.Form):
    """One choice per (direction, agent) not yet leading its processes."""

    agent = forms.ChoiceField(label=_("Agent and direction"))

    def __init__(self, *args, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {f"{d.pk}:{u.pk}": (d, u) for d, u in pairs}
        self.fields["agent"].choices = [("", "—")] + [
            (key, f"{u.display_name} — {d.name}") for key, (d, u) in self.pairs.items()]

    def chosen(self):
        return self.pairs[self.cleaned_data["agent"]]


class ReferralForm(forms.Form):
    """A community's region gardener refers a need or a result to a process."""

    process = forms.TypedChoiceField(
        label=_("Process"), coerce=int,
        error_messages={"required": _("Choose the process."),
                        "invalid_choice": _("Choose a process that takes referrals.")},
    )
    message = forms.CharField(
        label=_("What the community asks of the process"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the community asks of the process.")},
    )

    def __init__(self, *args, processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [("", "—")] + [
            (p.pk, f"{p.title} ({p.answer_due_on:%d/%m/%Y})") for p in processes
        ]


class ReferralAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=Answer.Status.choices,
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why"), required=False,
                             help_text=_("In a few sentences: the community will read it."),
                             widget=forms.Textarea(attrs={"rows": 4}))


class DocumentForm(forms.Form):
    """A document the leads publish on the process (checked by its content in the service)."""

    kind = forms.ChoiceField(label=_("What it is"), choices=ProcessDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    dated_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("File"), help_text=_("PDF, ODT or DOCX, 10 MB at most."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}))


# --- The citizen opinion (issue #17, items 4 and 5) ---------------------------------------


class PanelMemberForm(forms.Form):
    """The lead names a person by the e-mail address of their account."""

    email = forms.EmailField(label=_("E-mail address of their account"), max_length=254,
                             error_messages={"required": _("Give the person's e-mail address."),
                                             "invalid": _("Enter a valid e-mail address.")})


class PanelCouncilForm(forms.Form):
    council = forms.ModelChoiceField(
        label=_("Citizen council"), required=False, queryset=None, empty_label=_("None"),
        help_text=_("Its seated members sit on the panel for as long as they hold their seat."))

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who the panel is, how it worked, what it read: the first words of the "
                    "opinion."))


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("The recommendation"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    proposals = forms.ModelMultipleChoiceField(
        label=_("Contributions it draws on"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Link only shown contributions of this process."),
                        "invalid_pk_value": _("Link only shown contributions of this process.")})

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals


class RecommendationDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("accept", _("Accept")), ("changes", _("Send back for changes"))],
        error_messages={"required": _("Choose to accept or to send back.")})
    note = forms.CharField(label=_("Note to the author"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
