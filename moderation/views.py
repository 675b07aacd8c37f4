"""The queue of a community, a decision, and the report form of any item.

Thin views: ask the permission by name, validate a form, call one service,
show its message. A refused write re-shows the form with the reason.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityLookupMixin, CommunityPermissionMixin
from roles.predicates import can_animate
from terreau.views import add_form_errors

from . import registry, selectors, services
from .forms import DecisionForm, ReportForm
from .models import Case


class QueueView(CommunityPermissionMixin, View):
    permission_required = "moderation.view_queue"

    def get(self, request, slug):
        entries = selectors.open_queue(community=self.community)
        for entry in entries:  # one form per case, with ids of its own
            entry.form = DecisionForm(auto_id=f"case{entry.case.pk}-%s")
        return render(request, "moderation/queue.html", {
            "community": self.community, "entries": entries,
            # The cultivator oversees the queue but reads only what their circle
            # shows: the link to the reported item is for those who read it all.
            "see_in_place": can_animate(request.user, self.community),
        })


class DecideView(CommunityPermissionMixin, View):
    permission_required = "moderation.decide_case"
    http_method_names = ["post"]

    @cached_property
    def case(self) -> Case:
        return get_object_or_404(
            Case.objects.select_related("community"),
            pk=self.kwargs["case_id"], community=self.community,
        )

    def get_permission_object(self):
        return self.case

    def post(self, request, slug, case_id):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.case_decide(case=self.case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Decision recorded; the reporters are told."))
                return redirect("moderation:queue", slug=self.community.slug)
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("moderation:queue", slug=self.community.slug)


class ReportView(CommunityLookupMixin, View):
    """GET: the form (a page of its own, no script needed); POST: the report."""

    @cached_property
    def reportable(self) -> registry.Reportable:
        reportable = registry.get(self.kwargs["kind"])
        if reportable is None:
            raise Http404
        return reportable

    @cached_property
    def item(self):
        item = self.reportable.lookup(self.community, self.kwargs["object_id"])
        if item is None:
            raise Http404
        return item

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(self.reportable.permission, self.item):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form):
        return render(self.request, "moderation/report_form.html", {
            "community": self.community,
            "form": form,
            "what": self.reportable.label,
            "excerpt": self.reportable.excerpt(self.item),
            "back": self.reportable.url(self.item),
        })

    def get(self, request, slug, kind, object_id):
        return self.render_form(ReportForm())

    def post(self, request, slug, kind, object_id):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_submit(
                    kind=self.reportable.kind, item=self.item, reporter=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: the gardeners will look at it and tell you what they decide."),
                )
                return redirect(self.reportable.url(self.item))
        return self.render_form(form)
