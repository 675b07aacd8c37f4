"""Forms of calls for projects: they read and check input; the services
decide (deadline, budget, state)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.models import Direction
from organisations.models import Organisation

from .models import Application, BudgetLine, Report


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def themes_of(text: str) -> list[str]:
    themes = [t.strip() for t in text.split(",") if t.strip()]
    if any(len(theme) > 100 for theme in themes):
        raise ValidationError(_("A theme has 100 characters at most."))
    return themes


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    rules = forms.CharField(
        label=_("Rules of the game"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who may apply, what is funded, how applications are read and when the "
                    "answer is due."),
    )
    themes = forms.CharField(label=_("Themes"), required=False,
                             help_text=_("Separated by commas."))
    eligible_territories = forms.CharField(label=_("Eligible territories"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    budget = forms.DecimalField(label=_("Budget (€)"), min_value=0, max_digits=12,
                                decimal_places=2)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (funders)"), queryset=Direction.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their agents review the applications."),
    )
    partner_organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations (funders)"), queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Funders outside the institution: their administrators review the "
                    "applications assigned to them."),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput())
    criteria = forms.CharField(
        label=_("Criteria"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the criterion, a vertical bar, its weight. "
                    "For example: Social usefulness | 3"),
    )
    documents = forms.CharField(label=_("Required documents"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("One per line."))
    final_report_due_at = forms.DateTimeField(
        label=_("Final report due"), required=False, widget=DateTimeInput(),
        help_text=_("When the funded projects file their final report (a decision may set "
                    "another date for its project)."),
    )

    def __init__(self, *args, directions=None, **kwargs):
        """`directions`: when creating, the directions the call may be run by."""
        super().__init__(*args, **kwargs)
        if directions is not None:
            self.fields["direction"] = forms.ModelChoiceField(
                label=_("Run by"), queryset=directions, empty_label=None)
            self.order_fields(["direction"])

    def clean_criteria(self):
        criteria = []
        for line in _lines(self.cleaned_data["criteria"]):
            title, _bar, weight = line.rpartition("|")
            if not title.strip():
                title, weight = line, "1"
            try:
                weight = int(weight.strip())
            except ValueError:
                raise ValidationError(
                    _("“%(line)s”: the weight after the bar is a whole number.") % {"line": line}
                ) from None
            if not 1 <= weight <= 100:
                raise ValidationError(
                    _("“%(line)s”: a weight is from 1 to 100.") % {"line": line[:80]})
            if len(title.strip()) > 200:
                raise ValidationError(_("A criterion has 200 characters at most."))
            criteria.append((title.strip(), weight))
        return criteria

    def clean_documents(self):
        documents = _lines(self.cleaned_data["documents"])
        if any(len(name) > 200 for name in documents):
            raise ValidationError(_("A document's name has 200 characters at most."))
        return documents

    def clean_themes(self):
        return themes_of(self.cleaned_data["themes"])

    @classmethod
    def initial_for(cls, call) -> dict:
        return {
            "title": call.title, "summary": call.summary, "rules": call.rules,
            "themes": ", ".join(t.name for t in call.themes.all()),
            "eligible_territories": call.eligible_territories, "budget": call.budget,
            "partners": list(call.partners.all()),
            "partner_organisations": list(call.partner_organisations.all()),
            "final_report_due_at": call.final_report_due_at, "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "criteria": "\n".join(f"{c.title} | {c.weight}" for c in call.criteria.all()),
            "documents": "\n".join(d.name for d in call.required_documents.all()),
        }


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Lead organisation"), queryset=None)
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None  # the first one is chosen


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["title", "summary", "objectives", "territory", "requested_amount"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}),
                   "objectives": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"requested_amount": _("The total of the expenses minus the co-funding.")}


class BudgetLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetLine.Kind.choices)
    label = forms.CharField(label=_("Line"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=12,
                                decimal_places=2, required=False)


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=2, max_num=40)


def budget_lines(formset) -> list[tuple]:
    return [(f.cleaned_data["kind"], f.cleaned_data["label"], f.cleaned_data["amount"])
            for f in formset.forms
            if f.cleaned_data.get("label") and f.cleaned_data.get("amount") is not None]


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("PDF, ODT, DOCX, PNG or JPEG, 10 MB at most."))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class ScoreForm(forms.Form):
    """One score (0-5) and one comment per criterion of the call."""

    def __init__(self, *args, criteria, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            value, comment = current.get(criterion.pk, (None, ""))
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.title, "weight": criterion.weight},
                choices=[(n, str(n)) for n in range(6)], coerce=int, initial=value,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False, initial=comment, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def pairs(self):
        return [(self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
                for c in self.criteria}


class PiecesForm(forms.Form):
    # Not required here: the service says what is wrong with an empty request.
    text = forms.CharField(
        required=False, label=_("Missing pieces"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the carriers should add or replace. Their administrators are told and "
                    "may attach documents until the file is declared complete."))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Common opinion"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("What the funders' reviewers agree on, before the "
                                          "decision."))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Application.Decision.choices,
                                 widget=forms.RadioSelect)
    amount = forms.DecimalField(label=_("Amount granted (€)"), required=False, min_value=0,
                                max_digits=12, decimal_places=2)
    reasons = forms.CharField(label=_("Reasons"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when the project is not funded."))
    report_due_at = forms.DateTimeField(
        label=_("Final report due"), required=False, widget=DateTimeInput(),
        help_text=_("When funded: this project's own date, else the call's."),
    )

    def __init__(self, *args, funders=(), **kwargs):
        """`funders`: the call's (services.funders_of): one amount each, when funded."""
        super().__init__(*args, **kwargs)
        self.funders = list(funders)
        for funder in self.funders:
            self.fields[f"split_{funder.key}"] = forms.DecimalField(
                label=_("Granted by %(funder)s (€)") % {"funder": funder.name}, required=False,
                max_digits=12, decimal_places=2,
                help_text=_("The funders' amounts add up to the amount granted."),
            )
        self.order_fields(["decision", "amount", *(f"split_{f.key}" for f in self.funders)])

    def decision_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("decision", "amount", "reasons",
                                                  "report_due_at")}
        data["split"] = {f.key: self.cleaned_data[f"split_{f.key}"] for f in self.funders}
        return data


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices,
                             widget=forms.RadioSelect, initial=Report.Kind.PROGRESS)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("What was done, what is left, what changed."))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    file = forms.FileField(label=_("Attachment"), required=False,
                           help_text=_("Optional. PDF, ODT, DOCX, PNG or JPEG, 10 MB at most."))


# --- Questions and answers (services/questions.py says what is wrong) ---------------


class QuestionForm(forms.Form):
    text = forms.CharField(
        required=False, label=_("Your question"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The call's team answers here, for every applicant alike, or to you alone "
                    "when the question is about your own case. 2,000 characters at most."))


class AnswerForm(forms.Form):
    answer = forms.CharField(required=False, label=_("Answer"),
                             widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.BooleanField(
        required=False, initial=True, label=_("Publish on the call's page"),
        help_text=_("Untick for a question about one applicant's own case: only they read "
                    "the answer."))


class EntryForm(forms.Form):
    text = forms.CharField(required=False, label=_("Question"),
                           widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(required=False, label=_("Answer"),
                             widget=forms.Textarea(attrs={"rows": 4}))
