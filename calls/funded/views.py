"""The public page of funded projects, with its map and its list (the view
without JavaScript), and the form linking a project to a community and its
events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau import maps
from terreau.views import add_form_errors

from ..views.base import ApplicationMixin
from . import selectors, services
from .forms import LinkForm


class FundedListView(View):
    """Everyone, signed in or not."""

    def get(self, request):
        choices = selectors.filter_choices()
        chosen = {key: request.GET.get(key, "").strip() for key in ("call", "territory", "theme")}
        # An unknown value filters nothing rather than emptying the page.
        if chosen["call"] not in {slug for slug, _title in choices["calls"]}:
            chosen["call"] = ""
        if chosen["territory"] not in choices["territories"]:
            chosen["territory"] = ""
        if chosen["theme"] not in choices["themes"]:
            chosen["theme"] = ""
        page = Paginator(selectors.funded_projects(**chosen), selectors.PER_PAGE).get_page(
            request.GET.get("page"))
        rows = [{"project": project, "carriers": selectors.carriers_of(project),
                 "funders": selectors.funders_of(project)} for project in page]
        markers = selectors.markers(page)
        return render(request, "calls/funded/list.html", {
            "page_obj": page, "rows": rows, "markers": markers, "choices": choices,
            "chosen": chosen, "filtered": any(chosen.values()),
            "map_config": maps.map_config(markers, details=("carriers", "call")),
        })


class LinkView(ApplicationMixin, View):
    permission_required = "calls.link_project"

    def _render(self, form, status=200):
        return render(self.request, "calls/funded/link_form.html",
                      {"application": self.application, "form": form}, status=status)

    def _form(self, data=None):
        application = self.application
        events = (selectors.linkable_events(application.community)
                  if application.community_id else None)
        initial = {"community": application.community_id,
                   "events": list(application.events.values_list("pk", flat=True))}
        return LinkForm(data, initial=initial, events=events)

    def get(self, request, pk):
        return self._render(self._form())

    def post(self, request, pk):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.project_link(application=self.application,
                                      community=form.cleaned_data["community"],
                                      events=form.cleaned_data["events"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The project's links are saved."))
                return redirect(self.application)
        return self._render(form, status=400)
