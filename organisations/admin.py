from django.contrib import admin

from .models import Organisation, OrganisationMember


class MemberInline(admin.TabularInline):
    model = OrganisationMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory", "verified_at"]
    search_fields = ["name", "siret", "rna"]
    inlines = [MemberInline]
    raw_id_fields = ["verified_by"]
