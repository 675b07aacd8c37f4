"""Admissibility of a received application: the call's agent asks for the
missing pieces and declares the file complete (services/completeness.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import services
from ..forms import PiecesForm
from .applications import _context, assign_form
from .base import ApplicationMixin


class PiecesRequestView(ApplicationMixin, View):
    permission_required = "calls.check_completeness"
    http_method_names = ("post",)

    def post(self, request, pk):
        application = self.application
        form = PiecesForm(request.POST)
        if form.is_valid():
            try:
                services.pieces_request(application=application, agent=request.user,
                                        text=form.cleaned_data["text"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The carriers' administrators are asked for the "
                                            "missing pieces."))
                return redirect(application)
        return render(request, "calls/application_detail.html",
                      _context(request, application, pieces_form=form,
                               assign_form=assign_form(application)), status=400)


class CompleteView(ApplicationMixin, View):
    permission_required = "calls.check_completeness"
    http_method_names = ("post",)

    def post(self, request, pk):
        try:
            services.application_complete(application=self.application, agent=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The file is declared complete: its instruction starts "
                                        "and the reviewers may score it."))
        return redirect(self.application)
