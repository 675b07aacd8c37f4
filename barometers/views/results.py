"""Results of a wave (agents while it runs, everyone once published), the
moderation of free text, publishing, the CSV export."""

from __future__ import annotations

import io
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

import audit
from terreau.spreadsheets import csv_writer

from .. import charts, selectors, services
from ..models import Answer, Question
from .base import AgentMixin, BarometerMixin

# The moderation's and a question's full list of free text.
ANSWERS_PER_PAGE = 50


class ResultsMixin(BarometerMixin):
    def refusal(self):
        """None when the person may read the wave's results: its agents
        always, everyone once published; else the response to give."""
        if self.is_agent() or self.wave.results_published_at:
            return None
        if not self.request.user.is_authenticated:
            return self.handle_no_permission()
        raise PermissionDenied(_("These results are not published yet."))


class ResultsView(ResultsMixin, View):
    def get(self, request, slug, pk):
        if (refused := self.refusal()) is not None:
            return refused
        agent = self.is_agent()
        wave = self.wave
        results = selectors.wave_results(wave, public=not agent)
        for result in results["questions"]:
            result.chart = charts.bar_chart(result.bars) if result.bars else ""
        return render(request, "barometers/results.html", {
            "barometer": self.barometer, "wave": wave, "agent": agent, **results,
        })


class TextAnswersView(ResultsMixin, View):
    """Every free-text answer of one question, 50 a page, for those who read
    the results (the results page shows the first few)."""

    def get(self, request, slug, pk, question):
        if (refused := self.refusal()) is not None:
            return refused
        agent = self.is_agent()
        question = get_object_or_404(self.wave.questions, pk=question, kind=Question.Kind.TEXT)
        page = Paginator(selectors.free_texts(question, public=not agent),
                         ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
        return render(request, "barometers/text_answers.html", {
            "barometer": self.barometer, "wave": self.wave, "question": question,
            "agent": agent, "page_obj": page, "answers": page.object_list,
        })


def _status(raw) -> str:
    """The status a moderation page lists: those to moderate unless asked."""
    return raw if raw in Answer.Status.values else Answer.Status.PENDING


class ModerateView(AgentMixin, View):
    """The free text of a wave, one status at a time (those to moderate
    first), 50 a page: a wave of thousands of answers stays readable."""

    def get(self, request, slug, pk):
        status = _status(request.GET.get("status"))
        page = Paginator(selectors.texts_to_moderate(self.wave, status),
                         ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
        counts = selectors.moderation_counts(self.wave)
        return render(request, "barometers/moderate.html", {
            "barometer": self.barometer, "wave": self.wave, "status": status,
            "page_obj": page, "answers": page.object_list,
            "statuses": [(value, label, counts[value]) for value, label in Answer.Status.choices],
        })

    def post(self, request, slug, pk):
        try:  # the answer's random id, as the page gives it; anything else is no answer
            answer_id = uuid.UUID(str(request.POST.get("answer", "")))
        except ValueError:
            raise Http404 from None
        answer = get_object_or_404(Answer.objects.select_related("question"),
                                   question__wave=self.wave, pk=answer_id)
        try:
            services.answer_moderate(answer=answer, status=request.POST.get("status", ""),
                                     actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The answer is approved.")
                             if answer.status == Answer.Status.APPROVED
                             else _("The answer is hidden."))
        # Back to the list the answer was on; the page, if it still exists.
        back = {"status": _status(request.POST.get("from_status"))}
        if str(request.POST.get("from_page", "")).isdigit():
            back["page"] = request.POST["from_page"]
        return redirect(f"{reverse('barometers:moderate', args=[slug, pk])}?{urlencode(back)}")


class PublishView(AgentMixin, View):
    def post(self, request, slug, pk):
        try:
            services.results_publish(wave=self.wave, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The results are published."))
        return redirect("barometers:results", slug=slug, pk=pk)


class ExportView(AgentMixin, View):
    """Every response, one row each; formulas neutralised (terreau.spreadsheets)."""

    def get(self, request, slug, pk):
        header, rows = selectors.export_rows(self.wave)
        audit.record(audit.Action.BAROMETER_ANSWERS_EXPORTED, actor=request.user,
                     target=self.wave, target_label=f"{self.barometer.name} — {self.wave.title}",
                     details={"wave": self.wave.pk, "rows": len(rows)})
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.barometer.slug}-{self.wave.pk}.csv"')
        return response
