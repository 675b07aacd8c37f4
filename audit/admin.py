from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are append-only (docs/audit.md)."""

    list_display = ("at", "action", "actor_name", "community_id", "target_label", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_name", "target_label")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
