"""How this app's audit events read on a partnership's timeline (partnerships/views.py)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TIMELINE_LABELS: dict[str, Promise] = {
    "results.kpi_created": _("KPI defined"),
    "results.kpi_updated": _("KPI changed"),
    "results.kpi_deleted": _("KPI removed"),
    "results.target_set": _("KPI target set"),
    "results.target_deleted": _("KPI target removed"),
    "results.reports_scheduled": _("Progress reports scheduled"),
    "results.report_submitted": _("Progress report submitted"),
    "results.report_accepted": _("Progress report accepted"),
    "results.report_returned": _("Progress report returned for changes"),
    "results.report_reminded": _("Reminder sent for a progress report"),
    "results.evaluation_recorded": _("Evaluation recorded"),
    "results.no_evaluation_reason_set": _("Reason for no evaluation recorded"),
    "knowledge.lesson_recorded": _("Lesson recorded"),
    "knowledge.lesson_updated": _("Lesson edited"),
    "knowledge.lesson_deleted": _("Lesson removed"),
}
