"""The calls: list with a countdown, a call's page and its rules, and the
agent's create, edit and publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction
from roles.predicates import agent_direction_ids
from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import CallForm, QuestionForm
from .base import CallMixin


class CallListView(View):
    def get(self, request):
        current, past = selectors.call_list(timezone.now())
        can_add = request.user.has_perm("calls.add_call")
        return render(request, "calls/call_list.html", {
            "current": current, "past": past, "can_add": can_add,
            "drafts": selectors.drafts_of(request.user) if can_add else [],
            "mine": selectors.applications_of(request.user),
            "to_review": selectors.to_review(request.user),
        })


def call_context(request, call, **extra) -> dict:
    """The call's page: its rules, our applications, its questions and answers."""
    now = timezone.now()
    return {
        "call": call, "days_left": selectors.countdown(call, now),
        "is_open": call.is_open(now), "not_yet_open": now < call.opens_at,
        "mine": selectors.applications_of(request.user, call),
        "answered": selectors.questions_answered(call),
        "my_questions": selectors.questions_of(request.user, call),
        "question_form": QuestionForm(),
        "unanswered": (selectors.questions_unanswered_count(call)
                       if request.user.has_perm("calls.answer_questions", call) else 0),
        **extra,
    }


class CallDetailView(CallMixin, View):
    def get(self, request, slug):
        return render(request, "calls/call_detail.html", call_context(request, self.call))


def _save(form, agent, call=None):
    data = dict(form.cleaned_data)
    parts = {k: data.pop(k) for k in ("criteria", "documents", "themes", "partners")}
    if call is None:
        return services.call_create(agent=agent, **parts, **data)
    return services.call_update(call=call, **parts, **data)


def _directions(user):
    if user.has_perm("calls.run_for_any_direction"):
        return Direction.objects.all()
    return Direction.objects.filter(pk__in=agent_direction_ids(user))


class CallCreateView(PermissionRequiredMixin, View):
    permission_required = "calls.add_call"

    def get(self, request):
        return render(request, "calls/call_form.html",
                      {"form": CallForm(directions=_directions(request.user))})

    def post(self, request):
        form = CallForm(request.POST, directions=_directions(request.user))
        if form.is_valid():
            try:
                call = _save(form, request.user)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The call is saved as a draft."))
                return redirect(call)
        return render(request, "calls/call_form.html", {"form": form}, status=400)


class CallEditView(CallMixin, View):
    permission_required = "calls.change_call"

    def get(self, request, slug):
        return render(request, "calls/call_form.html", {
            "form": CallForm(initial=CallForm.initial_for(self.call)), "call": self.call})

    def post(self, request, slug):
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                _save(form, request.user, self.call)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect(self.call)
        return render(request, "calls/call_form.html", {"form": form, "call": self.call},
                      status=400)


class CallPublishView(CallMixin, View):
    permission_required = "calls.change_call"
    http_method_names = ("post",)

    def post(self, request, slug):
        try:
            services.call_publish(call=self.call)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The call is published."))
        return redirect(self.call)
