from django.contrib import admin

from .models import TopicProposal


@admin.register(TopicProposal)
class TopicProposalAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "author", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("author", "decided_by", "channel")
