from django.contrib import admin

from partnerhub.initiatives.models import (
    Commitment,
    Deliverable,
    Event,
    Initiative,
    InitiativeMember,
    ProgressReport,
    Session,
)


class MemberInline(admin.TabularInline):
    model = InitiativeMember
    extra = 0
    raw_id_fields = ["organisation", "un_entity"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "status", "launched_on"]
    list_filter = ["status"]
    search_fields = ["name", "acronym", "description"]
    inlines = [MemberInline]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "un_entity", "initiative", "status", "made_on"]
    list_filter = ["status", "is_illustrative"]
    search_fields = ["title", "description"]
    raw_id_fields = ["organisation", "un_entity", "initiative", "event"]
    inlines = [DeliverableInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "description"]
    inlines = [SessionInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["commitment", "reported_on", "submitted_by"]
    raw_id_fields = ["commitment"]
