"""Django admin for support staff.

Circles, requests and their history change only through services (the
member and request pages), so that every change lands in CircleChange with
who and why. Here memberships, requests and history are read-only; directions
and communities are editable.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

import audit
from roles.changes import roles_changed

from .models import CircleChange, CircleRequest, Community, Direction, Membership


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "is_coordinating", "staff_count"]
    list_filter = ["is_coordinating"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff_total=Count("staff"))

    @admin.display(description=_("staff"), ordering="staff_total")
    def staff_count(self, obj):
        return obj.staff_total

    def save_related(self, request, form, formsets, change):
        # Staff of a coordinating direction are the cultivator: the CMS groups
        # derived from that role follow an edit made here too (roles.changes).
        before = list(form.instance.staff.all()) if change else []
        super().save_related(request, form, formsets, change)
        after = list(form.instance.staff.all())
        roles_changed([*before, *after])
        if {p.pk for p in before} != {p.pk for p in after}:
            audit.record(
                audit.Action.DIRECTION_STAFF_CHANGED, actor=request.user, target=form.instance,
                details={
                    "added": sorted({p.pk for p in after} - {p.pk for p in before}),
                    "removed": sorted({p.pk for p in before} - {p.pk for p in after}),
                },
            )


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "direction", "created_at"]
    list_filter = ["direction", "themes"]
    search_fields = ["name", "territory", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["direction"]
    date_hierarchy = "created_at"


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "community", "circle", "joined_at", "last_active_at"]
    list_filter = ["circle", "community"]
    search_fields = ["user__display_name", "user__email", "community__name"]
    list_select_related = ["user", "community"]
    date_hierarchy = "joined_at"


@admin.register(CircleChange)
class CircleChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "community", "kind", "from_circle", "to_circle", "actor"]
    list_filter = ["kind", "community"]
    search_fields = ["user__display_name", "user__email", "community__name", "reason"]
    list_select_related = ["user", "community", "actor"]
    date_hierarchy = "created_at"


@admin.register(CircleRequest)
class CircleRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "community", "circle", "status", "decided_by", "decided_at"]
    list_filter = ["status", "circle", "community"]
    search_fields = ["user__display_name", "user__email", "community__name", "message", "answer"]
    list_select_related = ["user", "community", "decided_by"]
    date_hierarchy = "created_at"
