"""Referrals from communities (issue #17, item 7): the region gardener
refers a need or a working group's result to a process (POST from the item's
page); the process's managers answer it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from needs.models import Need
from terreau.views import add_form_errors, show_errors
from workgroups.models import Decision

from .. import services
from ..forms import ReferralAnswerForm, ReferralForm
from ..models import Process, Referral
from ..referrals import open_processes
from .base import ProcessMixin


class _ReferView(PermissionRequiredMixin, View):
    """POST only; back to the item's page with a message. Nothing changes on a refusal."""

    http_method_names = ["post"]
    permission_required = "processes.refer_to_process"

    def get_permission_object(self):
        return self.source

    def back(self) -> str:
        raise NotImplementedError

    def post(self, request, pk):
        form = ReferralForm(request.POST, processes=open_processes(), prefix=self.prefix)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(self.back())
        process = Process.objects.get(pk=form.cleaned_data["process"])
        try:
            services.referral_create(actor=request.user, process=process,
                                     message=form.cleaned_data["message"], **self.source_kwargs())
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Referred to “%(process)s”; its answer will be shown "
                                        "here.") % {"process": process.title})
        return redirect(self.back())


class ReferNeedView(_ReferView):
    prefix = None

    @property
    def source(self) -> Need:
        if not hasattr(self, "_source"):
            self._source = get_object_or_404(Need.objects.select_related("community"),
                                             pk=self.kwargs["pk"])
        return self._source

    def source_kwargs(self):
        return {"need": self.source}

    def back(self):
        return self.source.get_absolute_url() + "#referrals"


class ReferResultView(_ReferView):
    @property
    def prefix(self):
        return f"d{self.kwargs['pk']}"

    @property
    def source(self) -> Decision:
        if not hasattr(self, "_source"):
            self._source = get_object_or_404(
                Decision.objects.select_related("group__community"), pk=self.kwargs["pk"])
        return self._source

    def source_kwargs(self):
        return {"decision": self.source}

    def back(self):
        group = self.source.group
        return reverse("workgroups:detail", kwargs={
            "slug": group.community.slug, "group_slug": group.slug}) + "#decisions"


class ReferralAnswerView(ProcessMixin, View):
    """The process's managers answer a referral (status and why)."""

    permission_required = "processes.answer_referral"

    @property
    def referral(self) -> Referral:
        if not hasattr(self, "_referral"):
            try:
                self._referral = (Referral.objects
                                  .select_related("community", "need", "decision__group")
                                  .get(process=self.process, pk=self.kwargs["pk"]))
            except Referral.DoesNotExist:
                raise Http404 from None
            self._referral.process = self.process
        return self._referral

    def get_permission_object(self):
        return self.referral

    def _render(self, request, form, status=200):
        return render(request, "processes/referrals/answer_form.html", {
            "process": self.process, "referral": self.referral, "form": form,
            "final": self.referral.is_answered and self.referral.status != "under_study",
        }, status=status)

    def get(self, request, slug, pk):
        referral = self.referral
        initial = {"status": referral.status, "reason": referral.reason} if referral.status else {}
        return self._render(request, ReferralAnswerForm(initial=initial))

    def post(self, request, slug, pk):
        form = ReferralAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.referral_answer(referral=self.referral, actor=request.user,
                                         status=form.cleaned_data["status"],
                                         reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer is recorded; the community is told."))
                return redirect(self.process.get_absolute_url() + "#referrals")
        return self._render(request, form, status=400)
