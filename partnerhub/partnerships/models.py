"""Partnerships between UN entities and organisations: who takes part, what each brings, and
where the partnership stands in its lifecycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, Offer
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal, SDGTarget


class Partnership(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        DUE_DILIGENCE = "due_diligence", _("Due diligence")
        REVIEW = "review", _("Review")
        AGREEMENT = "agreement", _("Agreement")
        ACTIVE = "active", _("Active")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    class Confidentiality(models.TextChoices):
        PUBLIC_ONCE_SIGNED = "public_once_signed", _("Public once signed")
        UN_ONLY = "un_only", _("UN staff only")

    class Origin(models.TextChoices):
        NEED = "need", _("A need")
        OFFER = "offer", _("An offer")
        INTEREST = "interest", _("An expression of interest")
        DIRECT = "direct", _("Direct")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    partnership_type = models.ForeignKey(
        PartnershipType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type of partnership"),
    )
    lead_entity = models.ForeignKey(
        UNEntity,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
        verbose_name=_("lead UN entity"),
    )
    participating_entities = models.ManyToManyField(
        UNEntity, blank=True, related_name="partnerships", verbose_name=_("participating entities")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="+", verbose_name=_("SDGs"))
    sdg_targets = models.ManyToManyField(
        SDGTarget, blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC_ONCE_SIGNED,
    )
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.DIRECT
    )
    origin_need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    origin_offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    origin_interest = models.ForeignKey(
        Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The signed agreement. Until the agreement desk generates and approves agreements from
    # the standard templates, the legal officer uploads the signed copy here.
    signed_agreement = models.FileField(
        _("signed agreement"), upload_to="agreements/signed/%Y/", blank=True, max_length=255
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # Closure needs an evaluation or a recorded reason why there is none.
    no_evaluation_reason = models.TextField(_("reason there is no evaluation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="partnership_ends_after_it_starts",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])


class PartnershipPartner(models.Model):
    """An organisation taking part. Private partners are screened before the partnership
    leaves due diligence; other partners (foundations, NGOs, academia) are recorded as such."""

    class Role(models.TextChoices):
        PRIVATE = "private", _("Private partner")
        OTHER = "other", _("Other partner")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnership_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.PRIVATE)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "organisation__legal_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partner_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Contribution(models.Model):
    """What one party brings: cash or an in-kind valuation in a currency, or pro bono hours."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In-kind valuation")
        PRO_BONO_HOURS = "pro_bono_hours", _("Pro bono hours")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contributions"
    )
    partner = models.ForeignKey(
        PartnershipPartner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("partner"),
    )
    entity = models.ForeignKey(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_contributions",
        verbose_name=_("UN entity"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD")
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="contribution_has_one_contributor",
                condition=models.Q(partner__isnull=False, entity__isnull=True)
                | models.Q(partner__isnull=True, entity__isnull=False),
            ),
            models.CheckConstraint(
                name="contribution_amount_positive", condition=models.Q(amount__gt=0)
            ),
            # Hours have no currency; money always has one.
            models.CheckConstraint(
                name="contribution_currency_matches_kind",
                condition=models.Q(kind="pro_bono_hours", currency="")
                | (~models.Q(kind="pro_bono_hours") & ~models.Q(currency="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor}: {self.get_kind_display()} {self.amount} {self.currency}"

    @property
    def contributor(self) -> str:
        if self.partner_id:
            return str(self.partner.organisation)  # type: ignore[union-attr]
        return str(self.entity.acronym)  # type: ignore[union-attr]


class PartnershipDocument(models.Model):
    """A document about a partnership (a report, an evaluation, a fact sheet, a public version
    of the agreement). Documents marked public are listed on the partnership's public page once
    the partnership itself is public; the others stay with the people who may read it."""

    class Kind(models.TextChoices):
        FACTSHEET = "factsheet", _("Fact sheet")
        REPORT = "report", _("Report")
        EVALUATION = "evaluation", _("Evaluation report")
        AGREEMENT = "agreement", _("Agreement (public version)")
        OTHER = "other", _("Other document")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    file = models.FileField(_("file"), upload_to="partnerships/documents/%Y/", max_length=255)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown on the partnership's public page once the partnership is public. Only "
            "mark documents every party has agreed to publish."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title
