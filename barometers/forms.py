"""Forms of barometer surveys. They read the input; the services decide."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.addressing import addressable_communities
from communities.models import Circle, Community, Direction
from councils.models import Council
from councils.selectors import managed_councils
from events.forms import WallClockField
from terreau.spreadsheets import csv_upload_check

from .models import Question, Wave

# Waves are dated in the site's time zone.
TIME_ZONE = zoneinfo.ZoneInfo("Europe/Paris")


class BarometerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(label=_("Address"), max_length=120,
                           help_text=_("Letters, digits and dashes: /barometers/<address>/."))
    direction = forms.ModelChoiceField(label=_("Direction"), queryset=Direction.objects.none())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, directions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].queryset = directions


class WaveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120,
                            help_text=_("For example: “Spring 2027”."))
    target = forms.ChoiceField(label=_("Asked to"), choices=Wave.Target.choices)
    territory = forms.CharField(label=_("Territory"), max_length=120, required=False,
                                help_text=_("When asked in a territory: the members of its "
                                            "communities are asked."))
    council = forms.ModelChoiceField(label=_("Citizen council"), required=False,
                                     queryset=Council.objects.none())
    community = forms.ModelChoiceField(label=_("Community"), required=False,
                                       queryset=Community.objects.none())
    min_circle = forms.TypedChoiceField(label=_("From the circle"), required=False, coerce=int,
                                        empty_value=None, choices=[("", "—"), *Circle.choices],
                                        help_text=_("This circle and the closer ones."))
    opens_at = WallClockField(label=_("Opens at"))
    closes_at = WallClockField(label=_("Closes at"),
                               help_text=_("Answers are refused from this minute on."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only whom the person may reach: the communities of their directions
        # or the ones they tend, the councils they run (roles.predicates.can_address).
        self.fields["community"].queryset = addressable_communities(user)
        self.fields["council"].queryset = managed_councils(user)

    def clean(self):
        data = super().clean()
        for key in ("opens_at", "closes_at"):
            if data.get(key):
                data[key] = data[key].replace(tzinfo=TIME_ZONE)
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    choices = forms.CharField(label=_("Choices"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("One per line, for a single or multiple choice."))
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    code = forms.SlugField(label=_("Code"), max_length=40,
                           help_text=_("The same code in two waves compares their answers."))
    order = forms.IntegerField(label=_("Position"), required=False, min_value=0, max_value=999)

    def values(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "kind": data["kind"], "code": data["code"],
                "choices": data["choices"].splitlines(), "required": data["required"],
                "order": data["order"]}


class QuestionEditForm(forms.Form):
    """What may change in a draft wave's question: not its type nor its code."""

    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(label=_("Choices"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("One per line, for a single or multiple choice."))
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, question, **kwargs):
        kwargs.setdefault("initial", {"text": question.text, "required": question.required,
                                      "choices": "\n".join(question.choices)})
        super().__init__(*args, **kwargs)
        if question.kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            del self.fields["choices"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "required": data["required"],
                "choices": data.get("choices", "").splitlines()}


class AnswerForm(forms.Form):
    """The questionnaire. Every field is optional here: the service checks
    what is required and what is in range, with its own messages."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = q.text if not q.required else f"{q.text} *"
            if q.kind == Question.Kind.TEXT:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(
                    attrs={"rows": 3}))
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label, required=False, widget=forms.CheckboxSelectMultiple,
                    choices=[(str(i), c) for i, c in enumerate(q.choices)])
            else:
                options = ([(str(v), str(v)) for v in Question.SCALE]
                           if q.kind == Question.Kind.SCALE
                           else [(str(i), c) for i, c in enumerate(q.choices)])
                field = forms.CharField(label=label, required=False,
                                        widget=forms.RadioSelect(choices=options))
                if q.kind == Question.Kind.SCALE:
                    field.help_text = _("From 1 (lowest) to 5 (highest).")
            self.fields[q.field_name] = field

    def raw(self, data) -> dict:
        return {q.field_name: data.getlist(q.field_name) for q in self.questions}


class PaperFileForm(forms.Form):
    """A file of paper questionnaires (services.paper_file_import reads it)."""

    file = forms.FileField(
        label=_("File of questionnaires (spreadsheet or CSV)"),
        help_text=_("A spreadsheet (.ods or .xlsx, its first sheet) or CSV in UTF-8, comma "
                    "or semicolon; 2 MB at most; the first row names the questions, as the "
                    "template does."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        csv_upload_check(upload)
        return upload
