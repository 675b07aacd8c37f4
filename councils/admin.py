from django.contrib import admin

from .models import Candidate, Characteristic, College, Council, Draw, Member


class CollegeInline(admin.TabularInline):
    model = College
    extra = 0


class CharacteristicInline(admin.TabularInline):
    model = Characteristic
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "territory", "direction", "term_start", "term_end")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CollegeInline, CharacteristicInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("public_id", "council", "source", "withdrawn_at")
    list_filter = ("council", "source")
    readonly_fields = ("public_id", "consent_version", "consent_fingerprint", "consented_at")


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ("council", "college", "seats", "status", "announced_at", "ran_at")
    # A draw is published: it is never edited by hand.
    readonly_fields = [f.name for f in Draw._meta.fields]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "council", "college", "mode", "ended_at")
