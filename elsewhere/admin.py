from django.contrib import admin

from .models import ExternalTool


@admin.register(ExternalTool)
class ExternalToolAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "kind", "closes_on")
    list_filter = ("kind",)
    raw_id_fields = ("created_by",)
