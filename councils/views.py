"""Pages of citizen councils. Thin: ask the rule, validate the form, call one
service, show its message. A refused write comes back as form errors or a
message; nothing changed."""

from __future__ import annotations

from itertools import zip_longest

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction
from terreau.views import add_form_errors, show_errors

from . import consent, selectors, services, tokens
from .forms import (
    AnnounceForm,
    AppointForm,
    CouncilForm,
    ImportForm,
    ReplacementForm,
    SeedForm,
    VolunteerForm,
    member_of,
)
from .models import Candidate, Council, Draw
from .services import engine
from .services.draws import labels_of


class CouncilMixin(PermissionRequiredMixin):
    permission_required = "councils.view_council"

    @property
    def council(self) -> Council:
        if not hasattr(self, "_council"):
            try:
                self._council = selectors.council_page(self.kwargs["slug"])
            except Council.DoesNotExist:
                raise Http404 from None
        return self._council

    def get_permission_object(self):
        return self.council

    def draw(self) -> Draw:
        return get_object_or_404(Draw.objects.select_related("college", "replaces"),
                                 council=self.council, pk=self.kwargs["pk"])


class AgentMixin(CouncilMixin):
    permission_required = "councils.manage_council"


class CouncilListView(View):
    def get(self, request):
        return render(request, "councils/council_list.html",
                      {"councils": selectors.council_list()})


class CouncilCreateView(PermissionRequiredMixin, View):
    """An agent creates a council for one of their directions."""

    permission_required = "councils.create_council"

    def _directions(self):
        return Direction.objects.filter(pk__in=[
            d.pk for d in Direction.objects.all()
            if self.request.user.has_perm("councils.create_council_in", d)
        ])

    def _render(self, request, form, status=200):
        return render(request, "councils/council_form.html", {"form": form}, status=status)

    def get(self, request):
        directions = self._directions()
        return self._render(request, CouncilForm(
            directions=directions, initial={"direction": directions.first()}))

    def post(self, request):
        form = CouncilForm(request.POST, directions=self._directions())
        if form.is_valid():
            try:
                council = services.council_create(
                    slug=form.cleaned_data["slug"] or slugify(form.cleaned_data["name"]),
                    direction=form.cleaned_data["direction"], **form.values())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The council is created. Residents can volunteer "
                                            "from its page."))
                return redirect(council.get_absolute_url())
        return self._render(request, form, status=400)


class CouncilEditView(AgentMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "councils/council_form.html",
                      {"form": form, "council": self.council}, status=status)

    def get(self, request, slug):
        return self._render(request, CouncilForm(council=self.council,
                                                 initial=CouncilForm.initial_of(self.council)))

    def post(self, request, slug):
        form = CouncilForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                services.council_update(council=self.council, **form.values())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The council is saved."))
                return redirect("councils:detail", slug=self.council.slug)
        return self._render(request, form, status=400)


class CouncilDetailView(CouncilMixin, View):
    def get(self, request, slug):
        council = self.council
        colleges = [
            (college, [m for m in council.seated if m.college_id == college.pk])
            for college in council.colleges.all()
        ]
        return render(request, "councils/council_detail.html", {
            "council": council, "colleges": colleges, "draws": council.all_draws,
        })


class VolunteerView(CouncilMixin, View):
    permission_required = "councils.volunteer"

    def _render(self, request, form, status=200):
        return render(request, "councils/volunteer.html", {
            "council": self.council, "form": form, "consent_text": consent.CURRENT,
        }, status=status)

    def get(self, request, slug):
        return self._render(request, VolunteerForm(council=self.council))

    def post(self, request, slug):
        form = VolunteerForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                candidate = services.candidate_volunteer(
                    council=self.council, name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"], territory=form.cleaned_data["territory"],
                    characteristics=form.values(), consent_given=form.cleaned_data["consent"],
                    user=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                return render(request, "councils/volunteered.html",
                              {"council": self.council, "candidate": candidate})
        return self._render(request, form, status=400)


class WithdrawView(View):
    """The signed link of the candidate's e-mails: no account needed."""

    def _candidate(self, token) -> Candidate:
        data = tokens.read(token)
        candidate = data and Candidate.objects.select_related("council").filter(
            pk=data.get("c"), public_id=data.get("p")).first()
        if not candidate:
            raise Http404
        return candidate

    def get(self, request, token):
        return render(request, "councils/withdraw.html", {"candidate": self._candidate(token)})

    def post(self, request, token):
        candidate = self._candidate(token)
        _withdraw(request, candidate)
        return redirect(candidate.council.get_absolute_url())


def _withdraw(request, candidate: Candidate) -> None:
    try:
        candidate = services.candidate_withdraw(candidate=candidate)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("You have left the pool of %(council)s. Nothing more will "
                                    "be drawn with your details.")
                         % {"council": candidate.council.name})
        if candidate.freed_seat is not None and candidate.freed_seat.draw_id is not None:
            messages.info(request, _("Your seat is freed. The council's agents are told; they "
                                     "will announce a draw among the pool, under the same "
                                     "quotas, to fill it."))


class CandidacyWithdrawView(PermissionRequiredMixin, View):
    """From one's profile: a candidacy made with the account's address."""

    http_method_names = ["post"]
    permission_required = "councils.withdraw_candidacy"

    def get_permission_object(self):
        return get_object_or_404(Candidate.objects.select_related("council"),
                                 pk=self.kwargs["pk"])

    def post(self, request, pk):
        _withdraw(request, self.get_permission_object())
        return redirect("accounts:profile")


class ManageView(AgentMixin, View):
    def get(self, request, slug):
        council = self.council
        return render(request, "councils/manage.html", {
            "council": council, "pool_size": selectors.pool_size(council),
            "seated": council.seated, "former": selectors.former_members(council),
            "draws": council.all_draws, "appoint_form": AppointForm(council=council),
            "seed_form": SeedForm(), "replacement_form": ReplacementForm(),
        })


class ImportView(AgentMixin, View):
    def get(self, request, slug):
        return render(request, "councils/import.html",
                      {"council": self.council, "form": ImportForm(),
                       "columns": services.REQUIRED_COLUMNS + tuple(
                           c.key for c in self.council.characteristics.all())})

    def post(self, request, slug):
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = services.candidates_import(
                    council=self.council, data=form.cleaned_data["file"].read(),
                    consent_confirmed=form.cleaned_data["consent_confirmed"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
        return render(request, "councils/import.html", {
            "council": self.council, "form": form if report is None else ImportForm(),
            "report": report,
            "columns": services.REQUIRED_COLUMNS + tuple(
                c.key for c in self.council.characteristics.all()),
        }, status=200 if report is not None else 400)


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
            services.draw_run(draw=draw)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The draw is done and its report published."))
        return redirect(draw.get_absolute_url())


class AppointView(_AgentAction):
    def post(self, request, slug):
        form = AppointForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                services.member_appoint(college=form.cleaned_data["college"],
                                        name=form.cleaned_data["name"])
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


class DrawReportView(CouncilMixin, View):
    def get(self, request, slug, pk):
        draw = self.draw()
        labels = labels_of(self.council)
        return render(request, "councils/draw_report.html", {
            "council": self.council, "draw": draw,
            "rows": selectors.draw_report(draw, labels),
            "seed_number": engine.seed_number(draw.seed) if draw.seed else None,
            "seed_form": SeedForm(),
        })


class DrawInputsView(CouncilMixin, View):
    """The published inputs, as the re-run command reads them."""

    def get(self, request, slug, pk):
        draw = self.draw()
        if draw.status != Draw.Status.DONE:
            raise Http404
        return JsonResponse(inputs_of(draw), json_dumps_params={"ensure_ascii": False,
                                                                 "indent": 1})


def inputs_of(draw: Draw) -> dict:
    return {
        "council": draw.council.slug, "draw": draw.pk, "seats": draw.seats,
        "quotas": draw.quotas, "seed_source": draw.seed_source,
        "announced_at": draw.announced_at.isoformat(), "seed": draw.seed,
        "seed_fixed_at": draw.seed_fixed_at.isoformat() if draw.seed_fixed_at else None,
        "algorithm": draw.algorithm, "pool": draw.pool, "result": draw.result,
    }


class DrawVerifyView(CouncilMixin, View):
    def get(self, request, slug, pk):
        draw = self.draw()
        if draw.status != Draw.Status.DONE:
            raise Http404
        try:
            matches, again = services.draw_verify(draw)
            error = ""
        except ValidationError as refused:
            matches, again, error = False, [], " ".join(refused.messages)
        return render(request, "councils/verify.html", {
            "council": self.council, "draw": draw, "matches": matches, "again": again,
            "error": error, "version": engine.library_version(),
            "pairs": list(zip_longest(draw.result, again, fillvalue="")),
            "same_version": draw.algorithm.startswith(
                f"sortition-algorithms {engine.library_version()},"),
        })
