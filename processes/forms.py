"""Forms of citizen dialogue processes. They read the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Direction

from .models import Answer, Commitment, Phase, Process

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

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        if process.category_list():
            self.fields["category"] = _category_field(process)


class WorkshopForm(ProposalForm):
    source_label = forms.CharField(
        label=_("Source"), max_length=200, required=False,
        help_text=_("Where it was said, e.g. “workshop of 12 March, 23 participants”."))

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, process=process, **kwargs)
        self.fields["text"].label = _("What the participants proposed")
        self.order_fields(["source_label", "title", "text", "category"])


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
