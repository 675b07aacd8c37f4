"""Django admin for support staff: read-only. Groups, members, requests and
decisions change through the services (the group pages), so that channels,
notifications and the engaged-circle rule always follow."""

from django.contrib import admin

from .models import Decision, GroupMember, JoinRequest, WorkingGroup


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "community", "issue", "ends_on", "archived_at"]
    list_filter = ["community"]
    search_fields = ["name", "issue"]


@admin.register(GroupMember)
class GroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "group", "joined_at", "ended_at", "end_reason"]
    list_select_related = ["user", "group"]


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "group", "status", "created_at", "decided_at"]
    list_select_related = ["user", "group"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["group", "decided_on", "recorded_by"]
    list_select_related = ["group", "recorded_by"]
