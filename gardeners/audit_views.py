"""The audit log's pages (docs/audit.md): a community's log for its gardener
pair, every community's log and the platform-wide entries for the cultivator
and staff, and its CSV export, itself audited.

The log lives in the `audit` app, low in the layers; its pages are here, in
the governance app, which knows communities and the roles' rules.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

import audit
from audit import selectors as audit_selectors
from communities.models import Community
from terreau.spreadsheets import csv_writer

from .forms import AuditFilterForm
from .views import CommunityPageMixin

PER_PAGE = 25


def _filtered(request, **scope):
    form = AuditFilterForm(request.GET or None)
    return form, audit_selectors.entries(**scope, **form.filters())


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class _LogPage(TemplateView):
    template_name = "gardeners/audit_log.html"
    platform = False

    def scope(self) -> dict:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        form, entries = _filtered(self.request, **self.scope())
        page = Paginator(entries, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=form, page_obj=page, platform=self.platform,
            query=_query_without_page(self.request), **kwargs,
        )


class CommunityAuditLogView(CommunityPageMixin, _LogPage):
    """/communities/<slug>/audit/: one community's entries."""

    permission_required = "audit.view_community_log"

    def scope(self) -> dict:
        return {"community_id": self.community.pk}


class PlatformAuditLogView(PermissionRequiredMixin, _LogPage):
    """/gardeners/audit/: every entry, with the community each belongs to."""

    permission_required = "audit.view_platform_log"
    platform = True

    def scope(self) -> dict:
        return {"platform": True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(context["page_obj"].object_list)
        ids = {e.community_id for e in entries if e.community_id}
        names = dict(Community.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
        for entry in entries:
            entry.community_name = names.get(entry.community_id, "")
        context["entries"] = entries
        return context


class AuditLogExportView(PermissionRequiredMixin, View):
    """/gardeners/audit/export.csv: the filtered log as CSV (safe cells)."""

    permission_required = "audit.export_log"

    def get(self, request):
        form, entries = _filtered(request, platform=True)
        audit.record(
            audit.Action.AUDIT_LOG_EXPORTED, actor=request.user,
            details={k: str(v) for k, v in form.filters().items()},
        )
        names = dict(Community.objects.values_list("pk", "name"))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow([
            _("When"), _("Action"), _("Who"), _("Community"), _("What"),
            _("IP address"), _("User agent"), _("Details"),
        ])
        for e in entries.iterator(chunk_size=500):
            writer.writerow([
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.get_action_display(), e.actor_name,
                names.get(e.community_id, "") if e.community_id else "",
                e.target_label, e.ip_address or "", e.user_agent,
                ", ".join(f"{k}={v}" for k, v in sorted(e.details.items())),
            ])
        return response
