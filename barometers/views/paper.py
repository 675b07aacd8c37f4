"""Questionnaires collected on paper or at the door, for the barometer's
agents: typed in one by one, or imported as a file (docs/barometers.md,
"Paper questionnaires")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from terreau.spreadsheets import template_response
from terreau.views import add_form_errors

from .. import services
from ..forms import AnswerForm, PaperFileForm
from .base import AgentMixin


class PaperView(AgentMixin, View):
    """An agent types in the questionnaires collected on paper or at the
    door, one after the other: the same questions as online, the form empty
    again after each one. Below, the import of a whole file of them."""

    def _render(self, request, form=None, file_form=None, status=200):
        wave, now = self.wave, timezone.now()
        questions = list(wave.questions.all())
        return render(request, "barometers/paper.html", {
            "barometer": self.barometer, "wave": wave,
            "form": form or AnswerForm(questions=questions),
            "file_form": file_form or PaperFileForm(),
            "legend": [(q, services.how_to_answer(q)) for q in questions],
            "may_enter": wave.takes_paper(now),
        }, status=status)

    def get(self, request, slug, pk):
        return self._render(request)

    def post(self, request, slug, pk):
        form = AnswerForm(request.POST, questions=list(self.wave.questions.all()))
        if form.is_valid():
            try:
                services.paper_response_enter(wave=self.wave, data=form.raw(request.POST),
                                              actor=request.user)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The questionnaire is recorded. The form is empty "
                                            "again for the next one."))
                return redirect("barometers:paper", slug=slug, pk=pk)
        return self._render(request, form=form, status=400)


class PaperFileView(PaperView):
    """The import of a file of questionnaires: all or nothing, each error
    shown under the file field with its line and question."""

    http_method_names = ["post"]

    def post(self, request, slug, pk):
        form = PaperFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = services.paper_file_import(
                    wave=self.wave, data=form.cleaned_data["file"].read(), actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, ngettext(
                    "%(count)d questionnaire is imported.",
                    "%(count)d questionnaires are imported.", count) % {"count": count})
                return redirect("barometers:paper", slug=slug, pk=pk)
        return self._render(request, file_form=form, status=400)


class PaperTemplateView(AgentMixin, View):
    """The template: one column per question, named by its code. As a
    workbook, each column says its question and how to answer it."""

    def get(self, request, slug, pk, extension):
        columns = services.template_columns(list(self.wave.questions.all()))
        name = f"{self.barometer.slug}-{self.wave.pk}-questionnaires.{extension}"
        return template_response(extension, name, columns, title=_("Questionnaires"),
                                 rows=services.MAX_ROWS)
