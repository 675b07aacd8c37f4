"""The Django admin of processes: granting process leads (no page for it
yet) and reading the rest. Writes that carry rules go through the pages."""

from django.contrib import admin

from .models import Answer, Commitment, Phase, Process, ProcessLead, Proposal


@admin.register(ProcessLead)
class ProcessLeadAdmin(admin.ModelAdmin):
    list_display = ("person", "direction", "granted_at")
    list_filter = ("direction",)
    raw_id_fields = ("person", "granted_by")


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("title", "direction", "state", "answer_due_on")
    list_filter = ("state", "direction")
    inlines = [PhaseInline]
    raw_id_fields = ("created_by",)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "process", "source_label", "created_at", "hidden_at")
    list_filter = ("process",)
    raw_id_fields = ("author", "entered_by", "hidden_by")


admin.site.register(Answer)
admin.site.register(Commitment)
