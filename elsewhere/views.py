"""/communities/<slug>/elsewhere/: the cultivator lists the community's external
participation tools."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityPermissionMixin
from terreau.views import add_form_errors

from . import selectors, services
from .forms import ToolForm
from .models import ExternalTool


class ManageView(CommunityPermissionMixin, View):
    permission_required = "elsewhere.manage_tools"
    template_name = "elsewhere/manage.html"

    def _page(self, request, form=None, status=200):
        return render(request, self.template_name, {
            "community": self.community, "form": form or ToolForm(),
            "tools": selectors.all_tools(self.community), "today": selectors.today(),
        }, status=status)

    def get(self, request, slug):
        return self._page(request)

    def post(self, request, slug):
        form = ToolForm(request.POST)
        if form.is_valid():
            try:
                services.tool_add(community=self.community, actor=request.user,
                                  **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The tool is listed on the community's page."))
                return redirect("elsewhere:manage", slug=slug)
        return self._page(request, form=form, status=400)


class RemoveView(CommunityPermissionMixin, View):
    permission_required = "elsewhere.manage_tools"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        tool = ExternalTool.objects.filter(pk=pk, community=self.community).first()
        if tool is None:
            raise Http404
        services.tool_remove(tool=tool, actor=request.user)
        messages.success(request, _("The tool is no longer listed."))
        return redirect("elsewhere:manage", slug=slug)
