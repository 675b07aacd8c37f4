"""Django admin for support staff: read-only. Items move, get answers and
supports only through the services (the item pages), so the author is always
notified and every step keeps its answer."""

from django.contrib import admin

from .models import Connection, Need, Step, Support


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "answer", "by", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "kind", "status", "visibility", "author", "created_at")
    list_filter = ("status", "kind", "visibility", "community")
    search_fields = ("title", "description", "author__email", "author__display_name")
    inlines = [StepInline]


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("need", "user", "kind", "contact_consent", "created_at")
    list_filter = ("kind",)


@admin.register(Connection)
class ConnectionAdmin(ReadOnlyAdmin):
    list_display = ("need", "first", "second", "by", "at")
