from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerhub.agreements.models import (
    Agreement,
    AgreementTemplate,
    Clause,
    Deviation,
    TemplateClause,
)


class TemplateClauseInline(admin.TabularInline):
    model = TemplateClause
    extra = 0
    raw_id_fields = ["clause"]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "category", "in_force"]
    list_filter = ["category", "in_force"]
    search_fields = ["code"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "in_force", "created_at"]
    list_filter = ["kind", "in_force"]
    inlines = [TemplateClauseInline]


class DeviationInline(admin.StackedInline):
    model = Deviation
    extra = 0
    raw_id_fields = ["clause", "created_by"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "template", "language", "status", "sent_on", "signed_on"]
    list_filter = ["status", "language", "template__kind"]
    search_fields = ["partnership__title"]
    raw_id_fields = ["partnership", "created_by"]
    inlines = [DeviationInline]
