"""The citizen opinion's pages (issue #17, items 4 and 5): the panel and the
introduction (the leads), drafting and revising recommendations (the panel),
accepting or sending back and publishing (the leads), the public page and
its PDF, and the argued answer per recommendation (the decision-maker).
The rules are processes/rules.py's; the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import opinion_selectors as selectors
from ..forms import (
    AnswerForm,
    IntroductionForm,
    PanelCouncilForm,
    PanelMemberForm,
    RecommendationDecideForm,
    RecommendationForm,
)
from ..models import PanelMember, Recommendation
from ..opinion_pdf import opinion_pdf
from ..services import opinion as services
from .base import ProcessMixin


class OpinionMixin(ProcessMixin):
    @property
    def opinion(self):
        return selectors.opinion_or_none(self.process)


class RecommendationMixin(OpinionMixin):
    """The object is the recommendation of the URL, of this process's opinion."""

    @property
    def recommendation(self) -> Recommendation:
        if not hasattr(self, "_recommendation"):
            try:
                self._recommendation = selectors.recommendation_of(self.process,
                                                                   self.kwargs["pk"])
            except Recommendation.DoesNotExist:
                raise Http404 from None
        return self._recommendation

    def get_permission_object(self):
        return self.recommendation


# --- The page, public once published ---------------------------------------------------------


class OpinionView(OpinionMixin, View):
    permission_required = "processes.view_opinion"

    def get(self, request, slug):
        opinion, user = self.opinion, request.user
        published = opinion is not None and opinion.is_published
        recommendations = []
        if opinion is not None:
            recommendations = (selectors.published_recommendations(opinion) if published
                               else selectors.all_recommendations(opinion))
        return render(request, "processes/opinion.html", {
            "process": self.process, "opinion": opinion, "published": published,
            "recommendations": recommendations,
            "members": selectors.panel_members(opinion) if opinion is not None else [],
            "counters": (selectors.recommendation_counters(recommendations, self.process)
                         if published else None),
            "can_manage": user.has_perm("processes.manage_opinion", self.process),
            "can_draft": user.has_perm("processes.draft_recommendation", self.process),
            "can_answer": published and user.has_perm("processes.manage_process", self.process),
            "decide_form": RecommendationDecideForm(),
        })


class OpinionPdfView(OpinionMixin, View):
    permission_required = "processes.view_opinion"

    def get(self, request, slug):
        opinion = self.opinion
        if opinion is None or not opinion.is_published:
            raise Http404
        content = opinion_pdf(self.process, opinion,
                              selectors.published_recommendations(opinion),
                              selectors.panel_members(opinion))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{_("citizen-opinion")}-{self.process.slug}.pdf"')
        return response


# --- The leads: the panel, the introduction, deciding, publishing ------------------------------


class PanelView(OpinionMixin, View):
    """Name people to the panel, or a citizen council, and write the introduction.
    Each form says which it is in `form`."""

    permission_required = "processes.manage_opinion"

    def _forms(self, data=None, which=None):
        opinion = self.opinion
        forms = {
            "member": PanelMemberForm(),
            "council": PanelCouncilForm(councils=selectors.councils_for_panel(),
                                        initial={"council": opinion and opinion.council_id}),
            "introduction": IntroductionForm(
                initial={"introduction": opinion.introduction if opinion else ""}),
        }
        if data is not None:
            forms[which] = (PanelCouncilForm(data, councils=selectors.councils_for_panel())
                            if which == "council" else type(forms[which])(data))
        return forms

    def _render(self, request, forms, status=200):
        opinion = self.opinion
        return render(request, "processes/opinion_panel.html", {
            "process": self.process, "opinion": opinion, **{f"{k}_form": v
                                                            for k, v in forms.items()},
            "members": selectors.panel_members(opinion) if opinion is not None else [],
            "council_accounts": selectors.council_accounts(opinion),
        }, status=status)

    def get(self, request, slug):
        return self._render(request, self._forms())

    def post(self, request, slug):
        which = request.POST.get("form")
        if which not in ("member", "council", "introduction"):
            return HttpResponseBadRequest()
        forms = self._forms(request.POST, which)
        form = forms[which]
        if form.is_valid():
            try:
                done = self._save(request, which, form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("processes:opinion_panel", slug=self.process.slug)
        return self._render(request, forms, status=400)

    def _save(self, request, which, data) -> str:
        if which == "member":
            person = selectors.account_by_email(data["email"])
            services.panel_member_add(process=self.process, person=person, actor=request.user)
            return _("%(name)s is on the panel.") % {"name": person.display_name}
        if which == "council":
            services.panel_council_set(process=self.process, council=data["council"],
                                       actor=request.user)
            return _("The panel's citizen council is saved.")
        services.introduction_set(process=self.process, introduction=data["introduction"],
                                  actor=request.user)
        return _("The introduction is saved.")


class PanelMemberRemoveView(OpinionMixin, View):
    permission_required = "processes.manage_opinion"

    def post(self, request, slug, pk):
        member = get_object_or_404(PanelMember.objects.select_related("person"), pk=pk,
                                   opinion__process=self.process)
        try:
            services.panel_member_remove(process=self.process, member=member, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("%(name)s is no longer on the panel.") % {
                "name": member.person.display_name})
        return redirect("processes:opinion_panel", slug=self.process.slug)


class RecommendationDecideView(RecommendationMixin, View):
    permission_required = "processes.manage_opinion"

    def get_permission_object(self):
        return self.process

    def post(self, request, slug, pk):
        recommendation = self.recommendation
        form = RecommendationDecideForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.recommendation_decide(recommendation=recommendation,
                                               actor=request.user, accept=accept,
                                               note=form.cleaned_data["note"])
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The recommendation is accepted.") if accept else
                                 _("The recommendation is sent back; its author is told."))
        return redirect(f"{self.opinion.get_absolute_url()}#recommendation-{recommendation.pk}")


class OpinionPublishView(OpinionMixin, View):
    permission_required = "processes.manage_opinion"

    def post(self, request, slug):
        try:
            services.opinion_publish(process=self.process, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
            return redirect("processes:opinion", slug=self.process.slug)
        messages.success(request, _("The citizen opinion is published; the contributors are "
                                    "told."))
        return redirect("processes:opinion", slug=self.process.slug)


# --- The panel: drafting and revising ------------------------------------------------------


class RecommendationFormMixin:
    template_name = "processes/recommendation_form.html"

    def _form(self, data=None, **kwargs):
        return RecommendationForm(data, proposals=services.proposals_for_linking(self.process),
                                  **kwargs)

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "process": self.process, "form": form,
            "recommendation": getattr(self, "_recommendation", None),
        }, status=status)


class RecommendationCreateView(RecommendationFormMixin, OpinionMixin, View):
    permission_required = "processes.draft_recommendation"

    def get(self, request, slug):
        return self._render(request, self._form())

    def post(self, request, slug):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                recommendation = services.recommendation_draft(
                    process=self.process, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your recommendation is proposed to the process's "
                                            "leads."))
                return redirect(f"{self.opinion.get_absolute_url()}"
                                f"#recommendation-{recommendation.pk}")
        return self._render(request, form, status=400)


class RecommendationEditView(RecommendationFormMixin, RecommendationMixin, View):
    permission_required = "processes.revise_recommendation"

    def get(self, request, slug, pk):
        recommendation = self.recommendation
        return self._render(request, self._form(initial={
            "title": recommendation.title, "text": recommendation.text,
            "proposals": list(recommendation.proposals.all())}))

    def post(self, request, slug, pk):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.recommendation_revise(recommendation=self.recommendation,
                                               author=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your new version is proposed to the process's "
                                            "leads."))
                return redirect(f"{self.opinion.get_absolute_url()}"
                                f"#recommendation-{self.recommendation.pk}")
        return self._render(request, form, status=400)


# --- The decision-maker: the argued answer -------------------------------------------------


class RecommendationAnswerView(RecommendationMixin, View):
    permission_required = "processes.answer_recommendation"

    def _render(self, request, form, status=200):
        return render(request, "processes/recommendation_answer_form.html", {
            "process": self.process, "recommendation": self.recommendation, "form": form,
        }, status=status)

    def get(self, request, slug, pk):
        recommendation = self.recommendation
        initial = ({"status": recommendation.answer_status,
                    "reason": recommendation.answer_reason}
                   if recommendation.answer_status else {})
        return self._render(request, AnswerForm(initial=initial))

    def post(self, request, slug, pk):
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.recommendation_answer(recommendation=self.recommendation,
                                               actor=request.user,
                                               status=form.cleaned_data["status"],
                                               reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer is recorded; the authors of the "
                                            "contributions it draws on are told."))
                return redirect(f"{self.opinion.get_absolute_url()}"
                                f"#recommendation-{self.recommendation.pk}")
        return self._render(request, form, status=400)
