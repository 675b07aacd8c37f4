"""An application: start it, draft it with the co-carriers, attach the
documents, submit it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from organisations import selectors as organisations
from organisations.models import Organisation
from terreau.views import add_form_errors, show_errors

from .. import services
from ..forms import (
    ApplicationForm,
    AssignForm,
    BudgetFormSet,
    InviteForm,
    PiecesForm,
    StartForm,
    UploadForm,
    budget_lines,
)
from .base import ApplicationMixin, CallMixin


class StartView(CallMixin, View):
    permission_required = "calls.apply"

    def _render(self, request, form, status=200):
        return render(request, "calls/start.html", {"call": self.call, "form": form},
                      status=status)

    def get(self, request, slug):
        return self._render(request, StartForm(
            organisations=organisations.administered_by(request.user)))

    def post(self, request, slug):
        form = StartForm(request.POST, organisations=organisations.administered_by(request.user))
        if form.is_valid():
            try:
                application = services.application_start(
                    call=self.call, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your application is started: fill it in, save it "
                                            "and come back as often as you need."))
                return redirect("calls:application_edit", pk=application.pk)
        return self._render(request, form, status=400)


def _context(request, application, **extra):
    user = request.user
    attached = {a.document_id: a for a in application.attachments.all()}
    context = {
        "application": application, "call": application.call,
        "documents": [(d, attached.get(d.pk)) for d in application.call.required_documents.all()],
        "expenses": [line for line in application.budget_lines.all() if line.kind == "expense"],
        "cofunding": [line for line in application.budget_lines.all() if line.kind == "cofunding"],
        "upload_form": UploadForm(),
        "can_change": user.has_perm("calls.change_application", application),
        "can_add_piece": user.has_perm("calls.add_piece", application),
        "can_check": user.has_perm("calls.check_completeness", application),
        "can_submit": user.has_perm("calls.submit_application", application),
        "can_invite": user.has_perm("calls.invite_cocarrier", application),
        "can_review": user.has_perm("calls.review_application", application),
        "can_assign": user.has_perm("calls.assign_reviewer", application),
        "can_decide": user.has_perm("calls.decide_application", application),
        "can_file_report": user.has_perm("calls.file_report", application),
        "can_read_reports": user.has_perm("calls.view_reports", application),
    }
    if context["can_invite"] and "invite_form" not in extra:
        context["invite_form"] = InviteForm(organisations=_invitable(application))
    if context["can_check"] and "pieces_form" not in extra:
        context["pieces_form"] = PiecesForm(initial={"text": application.pieces_request})
    context.update(extra)
    return context


def _invitable(application):
    taken = [application.organisation_id, *(c.organisation_id for c in application.carriers.all())]
    return Organisation.objects.exclude(pk__in=taken)


def assign_form(application, data=None):
    """The funders' agents and the funding organisations' admins not yet
    assigned to the application."""
    call = application.call
    reviewers = get_user_model().objects.filter(
        Q(directions__in=call.partners.all())
        | Q(organisation_memberships__organisation__in=call.partner_organisations.all(),
            organisation_memberships__role="admin")).exclude(
        pk__in=[a.reviewer_id for a in application.assignments.all()]).distinct()
    return AssignForm(data, reviewers=reviewers)


class ApplicationView(ApplicationMixin, View):
    def get(self, request, pk):
        application = self.application
        extra = {}
        if request.user.has_perm("calls.assign_reviewer", application):
            extra["assign_form"] = assign_form(application)
        return render(request, "calls/application_detail.html",
                      _context(request, application, **extra))


class ApplicationEditView(ApplicationMixin, View):
    permission_required = "calls.change_application"

    def _render(self, request, form, budget, status=200):
        return render(request, "calls/application_form.html", {
            **_context(request, self.application), "form": form, "budget": budget,
        }, status=status)

    def get(self, request, pk):
        application = self.application
        initial = [{"kind": line.kind, "label": line.label, "amount": line.amount}
                   for line in application.budget_lines.all()]
        return self._render(request, ApplicationForm(instance=application),
                            BudgetFormSet(initial=initial, prefix="budget"))

    def post(self, request, pk):
        form = ApplicationForm(request.POST, instance=self.application)
        budget = BudgetFormSet(request.POST, prefix="budget")
        if form.is_valid() and budget.is_valid():
            try:
                services.application_save(application=self.application,
                                          lines=budget_lines(budget), **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your draft is saved."))
                return redirect(self.application)
        return self._render(request, form, budget, status=400)


class InviteView(ApplicationMixin, View):
    permission_required = "calls.invite_cocarrier"
    http_method_names = ("post",)

    def post(self, request, pk):
        application = self.application
        form = InviteForm(request.POST, organisations=_invitable(application))
        if form.is_valid():
            try:
                services.cocarrier_invite(application=application, actor=request.user,
                                          organisation=form.cleaned_data["organisation"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("%(organisation)s now carries the project with you.")
                                 % {"organisation": form.cleaned_data["organisation"]})
                return redirect(application)
        return render(request, "calls/application_detail.html",
                      _context(request, application, invite_form=form), status=400)


class UploadView(ApplicationMixin, View):
    # A draft's carriers; the carriers' admins while pieces are asked for.
    permission_required = "calls.add_piece"
    http_method_names = ("post",)

    def post(self, request, pk, document):
        application = self.application
        target = next((d for d in application.call.required_documents.all() if d.pk == document),
                      None)
        if target is None:
            raise Http404
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_upload(application=application, document=target,
                                           upload=form.cleaned_data["file"], user=request.user)
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("“%(name)s” is attached.") % {"name": target.name})
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(application)


class DocumentView(ApplicationMixin, View):
    def get(self, request, pk, document):
        attachment = next((a for a in self.application.attachments.all()
                           if a.document_id == document), None)
        if attachment is None:
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.filename, content_type=attachment.content_type)


class SubmitView(ApplicationMixin, View):
    permission_required = "calls.submit_application"
    http_method_names = ("post",)

    def post(self, request, pk):
        try:
            services.application_submit(application=self.application, user=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Your application is submitted. The call's team will "
                                        "tell you the decision."))
        return redirect(self.application)
