"""An agent builds: a barometer, its waves, their questions; launches a wave."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction
from terreau.views import add_form_errors

from .. import services
from ..forms import BarometerForm, QuestionEditForm, QuestionForm, WaveForm
from .base import AgentMixin


class BarometerCreateView(PermissionRequiredMixin, View):
    permission_required = "barometers.create_barometer"

    def _directions(self):
        user = self.request.user
        return Direction.objects.filter(pk__in=[
            d.pk for d in Direction.objects.all()
            if user.has_perm("barometers.create_barometer_in", d)])

    def _render(self, request, form, status=200):
        return render(request, "barometers/barometer_form.html", {"form": form}, status=status)

    def get(self, request):
        directions = self._directions()
        return self._render(request, BarometerForm(directions=directions,
                                                   initial={"direction": directions.first()}))

    def post(self, request):
        form = BarometerForm(request.POST, directions=self._directions())
        if form.is_valid():
            try:
                barometer = services.barometer_create(**form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The barometer is created: add its first wave."))
                return redirect(barometer.get_absolute_url())
        return self._render(request, form, status=400)


class WaveCreateView(AgentMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "barometers/wave_form.html",
                      {"form": form, "barometer": self.barometer}, status=status)

    def get(self, request, slug):
        return self._render(request, WaveForm(user=request.user))

    def post(self, request, slug):
        form = WaveForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                wave = services.wave_create(barometer=self.barometer, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The wave is created: write its questions."))
                return redirect("barometers:questions", slug=slug, pk=wave.pk)
        return self._render(request, form, status=400)


class QuestionsView(AgentMixin, View):
    """The wave's questionnaire: its questions, and adding one until launch."""

    def _render(self, request, form, status=200):
        return render(request, "barometers/questions.html", {
            "form": form, "barometer": self.barometer, "wave": self.wave,
            "questions": list(self.wave.questions.all()),
        }, status=status)

    def get(self, request, slug, pk):
        return self._render(request, QuestionForm())

    def post(self, request, slug, pk):
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_add(wave=self.wave, **form.values())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The question is added."))
                return redirect("barometers:questions", slug=slug, pk=pk)
        return self._render(request, form, status=400)


class QuestionMixin(AgentMixin):
    """One question of the URL's wave; changed only while the wave is a draft
    (the services refuse it once launched, with their message)."""

    @property
    def question(self):
        if not hasattr(self, "_question"):
            self._question = get_object_or_404(self.wave.questions, pk=self.kwargs["question"])
        return self._question

    def back(self):
        return redirect("barometers:questions", slug=self.barometer.slug, pk=self.wave.pk)


class QuestionEditView(QuestionMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "barometers/question_form.html", {
            "form": form, "barometer": self.barometer, "wave": self.wave,
            "question": self.question}, status=status)

    def get(self, request, slug, pk, question):
        return self._render(request, QuestionEditForm(question=self.question))

    def post(self, request, slug, pk, question):
        form = QuestionEditForm(request.POST, question=self.question)
        if form.is_valid():
            try:
                services.question_edit(question=self.question, **form.values())
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # the wave is launched
                    messages.error(request, error.messages[0])
                    return self.back()
                add_form_errors(form, error)
            else:
                messages.success(request, _("The question is changed."))
                return self.back()
        return self._render(request, form, status=400)


class QuestionRemoveView(QuestionMixin, View):
    def post(self, request, slug, pk, question):
        try:
            services.question_remove(question=self.question)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The question is removed."))
        return self.back()


class QuestionMoveView(QuestionMixin, View):
    def post(self, request, slug, pk, question):
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if offset is None:
            messages.error(request, _("Choose to move the question up or down."))
            return self.back()
        try:
            services.question_move(question=self.question, offset=offset)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The question is moved."))
        return self.back()


class LaunchView(AgentMixin, View):
    def post(self, request, slug, pk):
        try:
            services.wave_launch(wave=self.wave)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("barometers:questions", slug=slug, pk=pk)
        messages.success(request, _("The wave is launched: the people it asks are told when it "
                                    "opens."))
        return redirect(self.barometer.get_absolute_url())
