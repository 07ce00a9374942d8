"""Cost–benefit reviews of partnerships: the costs the UN bears, the benefits the partnership
brings, the recommendation and the figures that drove it. The arithmetic lives in
calculator.py (plain Python); these models keep its inputs, its result and who decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.entities.models import UNEntity
from partnerhub.partnerships.models import Partnership
from partnerhub.screening.models import Screening


class StaffRate(models.Model):
    """A standard daily cost of staff time by grade. Rows without an entity are the system
    standard; an entity's own row for a grade replaces it for that entity's reviews. A new rate
    is a new row from `valid_from`; reviews keep the rates they were computed with."""

    entity = models.ForeignKey(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_rates",
        verbose_name=_("UN entity"),
    )
    grade = models.CharField(_("grade"), max_length=8, help_text=_("e.g. P4, G6, NO-B, D1"))
    daily_rate_usd = models.DecimalField(_("daily rate (USD)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity_id", "grade", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "grade", "valid_from"], name="staff_rate_once_per_date"
            ),
            models.CheckConstraint(
                name="staff_rate_positive", condition=models.Q(daily_rate_usd__gt=0)
            ),
        ]

    def __str__(self) -> str:
        owner = self.entity.acronym if self.entity_id else "UN system"  # type: ignore[union-attr]
        return f"{owner} {self.grade}: {self.daily_rate_usd} USD/day from {self.valid_from}"


class EntityThresholds(models.Model):
    """What an entity requires before it recommends going ahead with a partnership. The
    system defaults (entity empty) apply where an entity has set none."""

    entity = models.OneToOneField(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appraisal_thresholds",
        verbose_name=_("UN entity"),
    )
    min_leverage_ratio = models.DecimalField(
        _("minimum leverage ratio"),
        max_digits=8,
        decimal_places=2,
        default=1,
        help_text=_("Partner resources divided by UN resources."),
    )
    min_benefit_cost_ratio = models.DecimalField(
        _("minimum benefit–cost ratio"), max_digits=8, decimal_places=2, default=1
    )
    min_strategic_fit = models.DecimalField(
        _("minimum strategic fit"),
        max_digits=4,
        decimal_places=2,
        default=0.3,
        help_text=_("0 to 1: overlap with the entity's mandate and SDGs."),
    )
    # The screening's own scale, so the two can be compared.
    max_risk_rating = models.CharField(
        _("highest acceptable screening risk"),
        max_length=12,
        choices=Screening.Rating.choices,
        default=Screening.Rating.MODERATE,
        help_text=_("Above it the review recommends against the partnership."),
    )
    pro_bono_hour_value_usd = models.DecimalField(
        _("value of a pro bono hour (USD)"), max_digits=8, decimal_places=2, default=0
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "entity thresholds"

    def __str__(self) -> str:
        owner = self.entity.acronym if self.entity_id else "UN system"  # type: ignore[union-attr]
        return f"Thresholds of {owner}"


class CostBenefitAssessment(models.Model):
    """One structured cost–benefit review per partnership. It is completed by a focal point of
    the lead entity; `figures` keeps the calculator's output at completion (rates, risk and
    thresholds then in force), so a completed review never changes under later rate updates."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    class Recommendation(models.TextChoices):
        PROCEED = "proceed", _("Proceed")
        PROCEED_WITH_CONDITIONS = "proceed_with_conditions", _("Proceed with conditions")
        DO_NOT_PROCEED = "do_not_proceed", _("Do not proceed")

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="cost_benefit"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Costs to the UN.
    staff_days = models.JSONField(
        _("staff days by grade"), default=dict, blank=True, help_text=_('e.g. {"P4": 20}')
    )
    legal_admin_costs_usd = models.DecimalField(
        _("legal and administrative costs (USD)"), max_digits=14, decimal_places=2, default=0
    )
    cofinancing_usd = models.DecimalField(
        _("co-financing required from the UN (USD)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Beyond the UN contributions already recorded on the partnership."),
    )
    # Benefits beyond the contributions recorded on the partnership.
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    other_benefits = models.TextField(_("other benefits"), blank=True)
    # The reviewer's conclusion; the calculator's own recommendation is kept in `figures`.
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=Recommendation.choices, blank=True
    )
    rationale = models.TextField(_("rationale"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    figures = models.JSONField(default=dict, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Cost–benefit review of {self.partnership}"
