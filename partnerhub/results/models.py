"""Results of partnerships: KPIs fixed at design (with IATI's result levels and measures),
targets by period, progress reports with actual values, and evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from partnerhub.organisations.models import Organisation
from partnerhub.partnerships.models import Partnership, PartnershipPartner


class KPI(models.Model):
    class ResultLevel(models.TextChoices):
        # Codes of IATI's ResultType codelist, so the IATI export can use them as they are.
        OUTPUT = "1", pgettext_lazy("result level", "Output")
        OUTCOME = "2", pgettext_lazy("result level", "Outcome")
        IMPACT = "3", pgettext_lazy("result level", "Impact")

    class Measure(models.TextChoices):
        # IATI IndicatorMeasure codes.
        UNIT = "1", _("Unit")
        PERCENTAGE = "2", _("Percentage")
        NOMINAL = "3", _("Nominal")
        ORDINAL = "4", _("Ordinal")
        QUALITATIVE = "5", _("Qualitative")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Annual")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    result_level = models.CharField(_("result level"), max_length=1, choices=ResultLevel.choices)
    measure = models.CharField(
        _("measure"), max_length=1, choices=Measure.choices, default=Measure.UNIT
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. people"))
    # IATI's `ascending`: whether a higher value is better.
    ascending = models.BooleanField(_("higher is better"), default=True)
    sdg_indicator = models.CharField(
        _("SDG indicator"), max_length=12, blank=True, help_text=_("e.g. 3.1.1")
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_comment = models.TextField(_("baseline (qualitative)"), blank=True)
    reporting_frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    # Empty: the lead UN entity reports on it.
    responsible_partner = models.ForeignKey(
        PartnershipPartner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
        verbose_name=_("responsible partner"),
    )
    # The partnership's status when the KPI was defined: "at design" means before activation.
    defined_at_status = models.CharField(max_length=14, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["result_level", "id"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return self.name


class KPITarget(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    comment = models.TextField(_("target (qualitative)"), blank=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period_start", "period_end"], name="kpi_target_once_per_period"
            ),
            models.CheckConstraint(
                name="kpi_target_period_ordered",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} by {self.period_end}"


class ProgressReport(models.Model):
    """A report for one period. Scheduled reports exist before they are written (status
    due), so due and overdue reports can be listed and reminded; a partner's representative
    may write one, which the lead entity then accepts or returns."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"), db_index=True)
    is_final = models.BooleanField(_("final report"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DUE, db_index=True
    )
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a partner organisation's representative submitted it.
    submitted_for = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted for"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start", "period_end", "is_final"],
                name="progress_report_once_per_period",
            ),
            models.CheckConstraint(
                name="progress_report_period_ordered",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.period_start} – {self.period_end}"


class KPIActual(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="actuals")
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField(
        _("actual value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["kpi__result_level", "kpi_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi"], name="kpi_actual_once_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term")
        FINAL = "final", _("Final")

    class Independence(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        INDEPENDENT = "independent", _("Independent")

    class Rating(models.IntegerChoices):
        # The six-point scale common to UN evaluation offices.
        HIGHLY_SATISFACTORY = 6, _("Highly satisfactory")
        SATISFACTORY = 5, _("Satisfactory")
        MODERATELY_SATISFACTORY = 4, _("Moderately satisfactory")
        MODERATELY_UNSATISFACTORY = 3, _("Moderately unsatisfactory")
        UNSATISFACTORY = 2, _("Unsatisfactory")
        HIGHLY_UNSATISFACTORY = 1, _("Highly unsatisfactory")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    independence = models.CharField(_("independence"), max_length=12, choices=Independence.choices)
    evaluator = models.CharField(_("evaluator"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    rating = models.PositiveSmallIntegerField(_("overall rating"), choices=Rating.choices)
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    management_response = models.TextField(_("management response"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} evaluation of {self.partnership}"
