from django.contrib import admin

from .models import Application, Call, Criterion, RequiredDocument


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "direction", "state", "opens_at", "closes_at"]
    inlines = [CriterionInline, DocumentInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "organisation", "status", "decision"]
    list_filter = ["status", "call"]
    readonly_fields = ["submitted_at", "decided_at"]
