from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport


class KPITargetInline(admin.TabularInline):
    model = KPITarget
    extra = 0


@admin.register(KPI)
class KPIAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "result_level", "measure", "reporting_frequency"]
    list_filter = ["result_level", "measure"]
    search_fields = ["name", "partnership__title"]
    inlines = [KPITargetInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "period_start", "period_end", "due_on", "is_final", "status"]
    list_filter = ["status", "is_final"]
    search_fields = ["partnership__title"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "kind", "independence", "completed_on", "rating"]
    list_filter = ["kind", "independence"]
    search_fields = ["partnership__title"]
