from django.contrib import admin

from .models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "community", "created_at", "read_at", "delivery",
                    "emailed_at")
    list_filter = ("kind", "delivery")
    raw_id_fields = ("recipient", "actor", "community", "digest")
    search_fields = ("recipient__email",)
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "frequency")
    list_filter = ("kind", "frequency")
    raw_id_fields = ("user",)
    search_fields = ("user__email",)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "created_at")
    raw_id_fields = ("user",)
    search_fields = ("user__email",)
