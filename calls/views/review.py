"""Joint review: the board, assigning reviewers, scoring, the decision and
the funders' exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.spreadsheets import csv_writer
from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import DecisionForm, OpinionForm, ScoreForm
from .applications import _context, assign_form
from .base import ApplicationMixin, CallMixin


class BoardView(CallMixin, View):
    permission_required = "calls.view_board"

    def get(self, request, slug):
        return render(request, "calls/board.html",
                      {"call": self.call, **selectors.board(self.call)})


class ExportView(CallMixin, View):
    permission_required = "calls.export_applications"

    def get(self, request, slug):
        everything = request.user.has_perm("calls.view_board", self.call)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.call.slug}.csv"'
        response.write("\ufeff")
        csv_writer(response).writerows(
            selectors.export_rows(self.call, request.user, everything=everything))
        return response


class AssignView(ApplicationMixin, View):
    permission_required = "calls.assign_reviewer"
    http_method_names = ("post",)

    def post(self, request, pk):
        form = assign_form(self.application, request.POST)
        if form.is_valid():
            try:
                services.reviewer_assign(application=self.application,
                                         reviewer=form.cleaned_data["reviewer"])
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The reviewer is assigned."))
        else:
            messages.error(request, _("Choose a reviewer among the funders' agents."))
        return redirect(self.application)


class ReviewView(ApplicationMixin, View):
    permission_required = "calls.review_application"

    def _form(self, request, data=None):
        current = {s.criterion_id: (s.value, s.comment)
                   for s in self.application.scores.filter(reviewer=request.user)}
        return ScoreForm(data, criteria=self.application.call.criteria.all(), current=current)

    def _render(self, request, form, status=200):
        return render(request, "calls/review.html",
                      {**_context(request, self.application), "form": form}, status=status)

    def get(self, request, pk):
        return self._render(request, self._form(request))

    def post(self, request, pk):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.scores_save(application=self.application, reviewer=request.user,
                                     scores=form.scores())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect(self.application)
        return self._render(request, form, status=400)


class DecideView(ApplicationMixin, View):
    """The common opinion (written and rewritten) and the decision, on one page."""

    permission_required = "calls.decide_application"

    def _render(self, request, form, opinion_form=None, status=200):
        opinion_form = opinion_form or OpinionForm(initial={"opinion": self.application.opinion})
        return render(request, "calls/decide.html", {
            **_context(request, self.application), "form": form, "opinion_form": opinion_form,
        }, status=status)

    def _decision_form(self, data=None):
        return DecisionForm(data, funders=services.funders_of(self.application.call))

    def get(self, request, pk):
        return self._render(request, self._decision_form())

    def post(self, request, pk):
        if "opinion" in request.POST:
            opinion_form = OpinionForm(request.POST)
            if opinion_form.is_valid():
                try:
                    services.opinion_write(application=self.application,
                                           text=opinion_form.cleaned_data["opinion"])
                except ValidationError as error:
                    add_form_errors(opinion_form, error)
                else:
                    messages.success(request, _("The common opinion is saved."))
                    return redirect("calls:decide", pk=self.application.pk)
            return self._render(request, self._decision_form(), opinion_form, status=400)
        form = self._decision_form(request.POST)
        if form.is_valid():
            try:
                services.application_decide(application=self.application, agent=request.user,
                                            **form.decision_data())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The decision is recorded and told to the carriers."))
                return redirect(self.application)
        return self._render(request, form, status=400)
