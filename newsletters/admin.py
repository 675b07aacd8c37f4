"""Read-mostly admin: letters, sections and deliveries change through services."""

from django.contrib import admin

from .models import AudienceCircle, Delivery, Letter, Section, Subscription


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    can_delete = False
    fields = ("position", "title", "author_name", "state")
    readonly_fields = fields
    show_change_link = True


class AudienceInline(admin.TabularInline):
    model = AudienceCircle
    extra = 0
    can_delete = False
    readonly_fields = ("community", "circle")


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "state", "planned_for", "sent_at", "recipients_total")
    list_filter = ("state", "community")
    search_fields = ("title",)
    # States, audience and counts change through the services (locks, deliveries).
    readonly_fields = ("state", "call_sent_at", "scheduled_for", "sending_started_at",
                       "sent_at", "recipients_total", "sent_by", "created_by", "invited_circle")
    inlines = [AudienceInline, SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "letter", "author_name", "state", "position")
    list_filter = ("state",)
    search_fields = ("title", "author_name")
    readonly_fields = ("letter", "author", "author_name", "body", "state", "decided_by",
                       "decided_at", "position")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "subscribed", "source", "consented_at", "changed_at")
    list_filter = ("subscribed", "source", "community")
    search_fields = ("user__email", "user__display_name")
    readonly_fields = ("user", "community", "subscribed", "source", "consented_at")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("letter", "email", "state", "attempts", "claimed_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("email",)
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
