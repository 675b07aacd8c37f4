"""Read-mostly admin: seats and waiting positions change only through services."""

from django.contrib import admin

from .models import CalendarToken, Event, EventMessage, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ("name", "email", "status", "waiting_position", "code", "checked_in_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "starts_at", "state", "capacity", "confirmed_count",
                    "waiting_count", "checked_in_count")
    list_filter = ("state", "format", "audience", "community")
    search_fields = ("title", "description")
    date_hierarchy = "starts_at"
    # Seats and states change through the services (row lock, e-mails), not here.
    readonly_fields = ("uid", "sequence", "capacity", "confirmed_count", "waiting_count",
                       "next_waiting_position", "checked_in_count", "state", "published_at",
                       "cancelled_at")
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "event", "status", "waiting_position", "code", "checked_in_at")
    list_filter = ("status",)
    search_fields = ("name", "email", "code")
    readonly_fields = ("event", "user", "status", "waiting_position", "code", "consent_at",
                       "confirmed_at", "cancelled_at", "checked_in_at", "checked_in_by",
                       "reminder_day_sent_at", "reminder_hour_sent_at", "thanked_at")


admin.site.register(EventMessage)
admin.site.register(CalendarToken)
