"""The agents' management: importing the pool, announcing and running draws, seats."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.spreadsheets import TemplateColumn, template_response
from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import (
    AnnounceForm,
    AppointForm,
    ImportForm,
    ReplacementForm,
    SeedForm,
    member_of,
)
from .base import AgentMixin

# --- The agents' management: the pool, draws and seats ---


class ManageView(AgentMixin, View):
    def get(self, request, slug):
        council = self.council
        return render(request, "councils/manage.html", {
            "council": council, "pool_size": selectors.pool_size(council),
            "seated": council.seated, "former": selectors.former_members(council),
            "draws": council.all_draws, "appoint_form": AppointForm(council=council),
            "seed_form": SeedForm(), "replacement_form": ReplacementForm(),
        })


def _columns(council) -> list[TemplateColumn]:
    """The import's columns in the file's order, with what to write in each
    (the import's page and its templates say the same)."""
    return [
        TemplateColumn("name", _("The person's name.")),
        TemplateColumn("email", _("Their e-mail address.")),
        TemplateColumn("territory", _("Where they live: commune or neighbourhood.")),
        *[TemplateColumn(c.key, _("%(label)s, one of: %(categories)s.")
                         % {"label": c.label, "categories": ", ".join(c.categories)},
                         choices=tuple(c.categories))
          for c in council.characteristics.all()],
    ]


class ImportView(AgentMixin, View):
    def get(self, request, slug):
        return render(request, "councils/import.html",
                      {"council": self.council, "form": ImportForm(),
                       "columns": _columns(self.council)})

    def post(self, request, slug):
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = services.candidates_import(
                    council=self.council, data=form.cleaned_data["file"].read(),
                    consent_confirmed=form.cleaned_data["consent_confirmed"], actor=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
        return render(request, "councils/import.html", {
            "council": self.council, "form": form if report is None else ImportForm(),
            "report": report, "columns": _columns(self.council),
        }, status=200 if report is not None else 400)


class ImportTemplateView(AgentMixin, View):
    """The file to fill in: the columns the import needs, in its order. As a
    workbook, each column says what it takes and a characteristic's column
    offers its categories in a drop-down list (.ods and .xlsx)."""

    def get(self, request, slug, extension):
        columns = _columns(self.council)
        return template_response(extension, f"{self.council.slug}-candidates.{extension}",
                                 columns, title=_("Candidates"), rows=services.IMPORT_MAX_ROWS)


class AnnounceView(AgentMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "councils/announce.html",
                      {"council": self.council, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, AnnounceForm(council=self.council))

    def post(self, request, slug):
        form = AnnounceForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                draw = services.draw_announce(
                    college=form.cleaned_data["college"], seats=form.cleaned_data["seats"],
                    quotas=form.quotas(), seed_source=form.cleaned_data["seed_source"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The draw is announced. Enter its seed once the "
                                            "announced source has published it."))
                return redirect(draw.get_absolute_url())
        return self._render(request, form, status=400)


class _AgentAction(AgentMixin, View):
    http_method_names = ["post"]

    def back(self):
        return redirect("councils:manage", slug=self.council.slug)


class SeedView(_AgentAction):
    def post(self, request, slug, pk):
        draw = self.draw()
        form = SeedForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(draw.get_absolute_url())
        try:
            services.draw_fix_seed(draw=draw, seed=form.cleaned_data["seed"])
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The seed is fixed. You can run the draw."))
        return redirect(draw.get_absolute_url())


class RunView(_AgentAction):
    def post(self, request, slug, pk):
        draw = self.draw()
        try:
            services.draw_run(draw=draw, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The draw is done and its report published."))
        return redirect(draw.get_absolute_url())


class ProbabilitiesView(_AgentAction):
    """Estimate each candidate's selection probability (a task: the draw is
    re-run many times) and put it on the report."""

    def post(self, request, slug, pk):
        draw = self.draw()
        try:
            draw = services.probabilities_request(draw=draw)
        except ValidationError as error:
            show_errors(request, error)
        else:
            draw.refresh_from_db()
            if not services.probabilities_pending(draw):
                messages.success(request, _("Each candidate's probability is estimated and "
                                            "published on the report."))
            else:
                messages.success(request, _("The estimate is under way: the report shows it "
                                            "once done."))
        return redirect(draw.get_absolute_url())


class AppointView(_AgentAction):
    def post(self, request, slug):
        form = AppointForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                services.member_appoint(college=form.cleaned_data["college"],
                                        name=form.cleaned_data["name"],
                                        user=form.cleaned_data["account"])
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The member is added."))
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return self.back()


class MemberWithdrawView(_AgentAction):
    def post(self, request, slug, pk):
        member = member_of(self.council, pk)
        if member is None:
            raise Http404
        try:
            services.member_withdraw(member=member)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("%(name)s has left the council.") % {"name": member.name})
        return self.back()


class ReplacementView(_AgentAction):
    def post(self, request, slug, pk):
        member = member_of(self.council, pk)
        if member is None:
            raise Http404
        form = ReplacementForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return self.back()
        try:
            draw = services.replacement_announce(
                member=member, seed_source=form.cleaned_data["seed_source"], actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
            return self.back()
        messages.success(request, _("The replacement draw is announced."))
        return redirect(draw.get_absolute_url())
