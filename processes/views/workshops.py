"""The workshops' pages (issue #17, item 3): the leads link events of the
events app as workshops (or create one) and name facilitators; after a
workshop, a facilitator enters its contributions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..models import Facilitator
from ..workshop_forms import FacilitatorForm, WorkshopCreateForm, WorkshopForm, WorkshopLinkForm
from .base import ProcessMixin

FORMS = {"link": WorkshopLinkForm, "create": WorkshopCreateForm, "grant": FacilitatorForm}


class WorkshopsView(ProcessMixin, View):
    """The process's workshops and facilitators; POST `action` = link, create or grant."""

    permission_required = "processes.manage_workshops"

    def _forms(self, bound=None):
        events = selectors.linkable_events(self.process)
        forms = {"link": WorkshopLinkForm(events=events), "create": WorkshopCreateForm(),
                 "grant": FacilitatorForm()}
        if bound is not None:
            forms[bound[0]] = bound[1]
        return forms

    def _render(self, request, forms, status=200):
        return render(request, "processes/workshops.html", {
            "process": self.process, "workshops": selectors.workshops_of(self.process),
            "facilitators": selectors.facilitators_of(self.process), **forms,
        }, status=status)

    def get(self, request, slug):
        return self._render(request, self._forms())

    def post(self, request, slug):
        action = request.POST.get("action")
        if action not in FORMS:
            messages.error(request, _("Choose what to do."))
            return self._render(request, self._forms(), status=400)
        kwargs = {"events": selectors.linkable_events(self.process)} if action == "link" else {}
        form = FORMS[action](request.POST, **kwargs)
        if form.is_valid():
            try:
                done = getattr(self, f"_{action}")(request, form)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("processes:workshops", slug=self.process.slug)
        return self._render(request, self._forms((action, form)), status=400)

    def _link(self, request, form):
        services.workshop_link(process=self.process, actor=request.user, event=form.chosen())
        return _("The event is now one of the process's workshops.")

    def _create(self, request, form):
        services.workshop_create(process=self.process, actor=request.user, **form.cleaned_data)
        return _("The workshop is published in the events and listed on the process.")

    def _grant(self, request, form):
        person = get_user_model().objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True).first()
        if person is None:
            raise ValidationError({"email": ValidationError(
                _("No account has this e-mail address."), code="no_account")})
        services.facilitator_grant(process=self.process, actor=request.user, person=person)
        return _("%(name)s now facilitates the process's workshops.") % {
            "name": person.display_name}


class FacilitatorRevokeView(ProcessMixin, View):
    permission_required = "processes.manage_workshops"

    def post(self, request, slug, pk):
        facilitator = get_object_or_404(Facilitator, process=self.process, pk=pk)
        facilitator.process = self.process
        try:
            services.facilitator_revoke(facilitator=facilitator, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("This person no longer facilitates the workshops."))
        return redirect("processes:workshops", slug=self.process.slug)


class WorkshopView(ProcessMixin, View):
    """A facilitator (or a lead) enters a workshop's contributions, one at a time."""

    permission_required = "processes.facilitate_workshops"

    def _form(self, *args, **kwargs):
        workshops = [w for w in selectors.workshops_of(self.process)
                     if w.event.state != "cancelled"]
        return WorkshopForm(*args, process=self.process, workshops=workshops, **kwargs)

    def _render(self, request, form, status=200):
        return render(request, "processes/workshop_form.html",
                      {"process": self.process, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, self._form())

    def post(self, request, slug):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.workshop_contribution_create(
                    process=self.process, actor=request.user, title=data["title"],
                    text=data["text"], event=form.chosen_event(),
                    participants=data.get("participants"),
                    source_label=data.get("source_label") or "",
                    category=data.get("category", ""))
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The contribution is entered. Enter the next one."))
                # The same workshop again for its next contribution.
                return self._render(request, self._form(initial={
                    name: data.get(name) for name in ("event", "participants", "source_label")}))
        return self._render(request, form, status=400)
