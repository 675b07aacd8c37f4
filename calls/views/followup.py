"""A funded project's follow-up: its carriers' admins file progress reports
and the final report; the carriers, the call's agents and the assigned
reviewers read them on the application's page and download their attachments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors

from .. import services
from ..forms import ReportForm
from .base import ApplicationMixin


class ReportCreateView(ApplicationMixin, View):
    permission_required = "calls.file_report"

    def _render(self, request, form, status=200):
        application = self.application
        return render(request, "calls/report_form.html", {
            "application": application, "call": application.call, "form": form,
            "final_filed": any(r.kind == "final" for r in application.reports.all()),
        }, status=status)

    def get(self, request, pk):
        return self._render(request, ReportForm())

    def post(self, request, pk):
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.report_file(application=self.application, author=request.user,
                                     upload=form.cleaned_data["file"],
                                     **{k: form.cleaned_data[k] for k in ("kind", "text",
                                                                          "progress")})
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your report is filed: the call's team and the "
                                            "funders' reviewers can read it."))
                return redirect(self.application)
        return self._render(request, form, status=400)


class ReportFileView(ApplicationMixin, View):
    permission_required = "calls.view_reports"

    def get(self, request, pk, report):
        found = next((r for r in self.application.reports.all() if r.pk == report and r.file),
                     None)
        if found is None:
            raise Http404
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename,
                            content_type=found.content_type)
