"""A call's questions and answers (services/questions.py): asked from the
call's page, answered on the team's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors

from .. import selectors
from ..forms import AnswerForm, EntryForm, QuestionForm
from ..models import Question
from ..services import questions as services
from .base import CallMixin
from .public import call_context


class AskView(CallMixin, View):
    permission_required = "calls.ask_question"
    http_method_names = ("post",)

    def post(self, request, slug):
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_ask(call=self.call, user=request.user,
                                      text=form.cleaned_data["text"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your question is sent to the call's team. You will "
                                            "be told when it is answered."))
                return redirect(self.call.get_absolute_url() + "#questions")
        return render(request, "calls/call_detail.html",
                      call_context(request, self.call, question_form=form), status=400)


class TeamView(CallMixin, View):
    """The call's team: every question, the unanswered first, a form each."""

    permission_required = "calls.answer_questions"

    def render_page(self, request, *, forms=None, entry_form=None, status=200):
        forms = forms or {}
        questions = selectors.questions_for_team(self.call)
        for question in questions:
            question.form = forms.get(question.pk) or AnswerForm(
                prefix=f"q{question.pk}",
                initial={"answer": question.answer,
                         "public": question.public if question.answered_at else True})
        return render(request, "calls/questions.html", {
            "call": self.call, "questions": questions,
            "unanswered": sum(1 for q in questions if q.answered_at is None),
            "entry_form": entry_form or EntryForm(),
            "can_add_entry": self.call.closes_at > timezone.now(),
        }, status=status)

    def get(self, request, slug):
        return self.render_page(request)


class _QuestionMixin(TeamView):
    http_method_names = ("post",)

    @property
    def question(self) -> Question:
        try:
            return Question.objects.get(pk=self.kwargs["pk"], call=self.call)
        except Question.DoesNotExist:
            raise Http404 from None


class AnswerView(_QuestionMixin):
    def post(self, request, slug, pk):
        question = self.question
        form = AnswerForm(request.POST, prefix=f"q{question.pk}")
        if form.is_valid():
            try:
                services.question_answer(question=question, agent=request.user,
                                         answer=form.cleaned_data["answer"],
                                         public=form.cleaned_data["public"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer is saved; the person who asked is told."))
                return redirect(reverse("calls:questions", kwargs={"slug": slug}))
        return self.render_page(request, forms={question.pk: form}, status=400)


class RemoveView(_QuestionMixin):
    def post(self, request, slug, pk):
        services.question_remove(question=self.question)
        messages.success(request, _("The question is removed."))
        return redirect(reverse("calls:questions", kwargs={"slug": slug}))


class EntryView(TeamView):
    http_method_names = ("post",)

    def post(self, request, slug):
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.question_entry_add(call=self.call, agent=request.user,
                                   text=form.cleaned_data["text"],
                                   answer=form.cleaned_data["answer"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The question and its answer are on the call's "
                                            "page."))
                return redirect(reverse("calls:questions", kwargs={"slug": slug}))
        return self.render_page(request, entry_form=form, status=400)
