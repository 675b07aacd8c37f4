"""Documents published on a process: the leads' upload form, and the file
itself, handed out only to those who may read the process (a draft's
documents stay with its leads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors

from .. import services
from ..document_models import ProcessDocument
from ..forms import DocumentForm
from .base import ProcessMixin


class DocumentCreateView(ProcessMixin, View):
    permission_required = "processes.publish_document"

    def _document_form(self, *args):
        form = DocumentForm(*args)
        if not self.request.user.has_perm("processes.manage_process", self.process):
            # A facilitator: the workshops' minutes only.
            form.fields["kind"].choices = [(ProcessDocument.Kind.MINUTES,
                                            ProcessDocument.Kind.MINUTES.label)]
        return form

    def _render(self, request, form, status=200):
        return render(request, "processes/document_form.html",
                      {"process": self.process, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, self._document_form())

    def post(self, request, slug):
        form = self._document_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_publish(
                    process=self.process, actor=request.user, kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"], dated_on=form.cleaned_data["dated_on"],
                    upload=form.cleaned_data["file"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The document is published on the timeline."))
                return redirect(self.process.get_absolute_url() + "#timeline")
        return self._render(request, form, status=400)


class DocumentDownloadView(ProcessMixin, View):
    def get(self, request, slug, pk):
        document = self.process.documents.filter(pk=pk).first()
        if document is None:
            raise Http404
        return FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.filename, content_type=document.content_type)
