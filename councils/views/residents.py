"""Residents: volunteering for the pool, withdrawing by the e-mailed link or from one's profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import add_form_errors, show_errors

from .. import consent, services, tokens
from ..forms import (
    VolunteerForm,
)
from ..models import Candidate
from .base import CouncilMixin

# --- Residents: volunteering and withdrawing ---


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
