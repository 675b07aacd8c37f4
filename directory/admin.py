from django.contrib import admin

from .models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "territory", "latitude", "longitude", "show_email", "updated_at")
    list_filter = ("community",)
    search_fields = ("user__display_name", "user__email", "territory")
    raw_id_fields = ("user",)
