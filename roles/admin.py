from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import GardenerPair


class ActiveFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("active")), ("no", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.ended()
        return queryset


@admin.register(GardenerPair)
class GardenerPairAdmin(admin.ModelAdmin):
    """Read-only: pairs are appointed on the gardening pages, through the service
    that ends the previous pair, keeps the history and updates the CMS groups."""

    list_display = [
        "community",
        "territory_gardener",
        "institution_gardener",
        "direction",
        "started_at",
        "ended_at",
        "appointed_by",
    ]
    list_filter = [ActiveFilter, "direction", "community"]
    list_select_related = [
        "community",
        "territory_gardener",
        "institution_gardener",
        "direction",
        "appointed_by",
    ]
    search_fields = [
        "community__name",
        "territory_gardener__display_name",
        "territory_gardener__email",
        "institution_gardener__display_name",
        "institution_gardener__email",
    ]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
