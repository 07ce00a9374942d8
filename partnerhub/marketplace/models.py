"""The marketplace: UN entities' needs, companies' offers, interest between them, the routing
of offers to the entities whose mandates fit, and saved searches."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import (
    Country,
    Region,
    ResourceType,
    SDGGoal,
    SDGTarget,
    Theme,
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UN_ONLY = "un_only", _("UN staff only")


class Listing(models.Model):
    """What needs and offers share: the text, what is sought or offered, where, when, for
    which goals, and the SDG suggestions the author was shown (kept as evidence)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    resource_types = models.ManyToManyField(
        ResourceType, blank=True, related_name="+", verbose_name=_("resource types")
    )
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="+", verbose_name=_("SDGs"))
    sdg_targets = models.ManyToManyField(
        SDGTarget, blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # The tagger's suggestions at the last save ([{goal, score, evidence, targets}]), so the page
    # can show why a goal was proposed next to what the author accepted.
    sdg_suggestions = models.JSONField(default=list, blank=True)
    # Where a record comes from when it was not posted on partnerhub (imported or demo data).
    # Kept apart from the description so it never counts as the listing's own words in
    # tagging, matching or routing.
    provenance = models.TextField(_("source"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Need(Listing):
    """What a UN entity needs from business."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entity = models.ForeignKey(
        UNEntity, on_delete=models.PROTECT, related_name="needs", verbose_name=_("UN entity")
    )
    estimated_value_usd = models.DecimalField(
        _("estimated value (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    history = HistoricalRecords(excluded_fields=["sdg_suggestions"])

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]

    def get_absolute_url(self) -> str:
        return reverse("marketplace:need_detail", args=[self.pk])

    @property
    def value_usd(self) -> Decimal | None:
        return self.estimated_value_usd


class Offer(Listing):
    """What a company offers the UN."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("company")
    )
    cash_value_usd = models.DecimalField(
        _("cash (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    in_kind_value_usd = models.DecimalField(
        _("in-kind valuation (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    pro_bono_hours = models.PositiveIntegerField(_("pro bono hours"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    history = HistoricalRecords(excluded_fields=["sdg_suggestions"])

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]

    def get_absolute_url(self) -> str:
        return reverse("marketplace:offer_detail", args=[self.pk])

    @property
    def value_usd(self) -> Decimal | None:
        """Cash + in-kind valuation + pro bono hours at the standard rate; None when the
        company gave none of them."""
        parts = [self.cash_value_usd, self.in_kind_value_usd]
        if self.pro_bono_hours is not None:
            parts.append(Decimal(self.pro_bono_hours) * Decimal(settings.PRO_BONO_HOURLY_RATE_USD))
        known = [p for p in parts if p is not None]
        return sum(known, Decimal(0)) if known else None


class Interest(models.Model):
    """An organisation and a UN entity signalling that they want to talk about a listing:
    a company expressing interest in a need, or a focal point responding to an offer."""

    class Direction(models.TextChoices):
        COMPANY_TO_NEED = "company_to_need", _("Company interested in a need")
        ENTITY_TO_OFFER = "entity_to_offer", _("UN entity interested in an offer")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Taken forward")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    direction = models.CharField(max_length=16, choices=Direction.choices)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="marketplace_interests"
    )
    entity = models.ForeignKey(
        UNEntity, on_delete=models.PROTECT, related_name="marketplace_interests"
    )
    # A company may propose one of its offers when expressing interest in a need.
    proposed_offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("response"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="interest_names_one_listing",
                condition=(
                    models.Q(direction="company_to_need", need__isnull=False, offer__isnull=True)
                    | models.Q(direction="entity_to_offer", offer__isnull=False, need__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        listing = self.need if self.need_id else self.offer
        return f"{self.organisation} / {self.entity}: {listing}"

    @property
    def listing(self) -> Need | Offer:
        listing = self.need if self.need_id else self.offer
        assert listing is not None
        return listing


class OfferRoute(models.Model):
    """One offer in one entity's inbox: why it was sent there and what the entity did."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        DECLINED = "declined", _("Declined")
        FORWARDED = "forwarded", _("Forwarded")
        CLOSED = "closed", _("Closed")

    class Origin(models.TextChoices):
        ROUTED = "routed", _("Routed by mandate fit")
        FORWARDED = "forwarded", _("Forwarded by another entity")
        ASSIGNED = "assigned", _("Sent by the system coordinator")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="routes")
    entity = models.ForeignKey(UNEntity, on_delete=models.PROTECT, related_name="offer_routes")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ROUTED)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    components = models.JSONField(default=list, blank=True)
    forwarded_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwards"
    )
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    received_at = models.DateTimeField()
    acknowledge_due_at = models.DateTimeField(
        help_text=_("Ten working days after receipt"), db_index=True
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Accepted into discussion, declined or forwarded")
    )
    decision_note = models.TextField(_("reason or note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "entity"], name="offer_routed_once_per_entity")
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.entity.acronym}"

    def get_absolute_url(self) -> str:
        return reverse("marketplace:route_detail", args=[self.pk])


class RoutingProfile(models.Model):
    """What routing knows about an entity beyond its mandate: words and goals the system
    coordinator adds, the countries it operates in, themes."""

    entity = models.OneToOneField(
        UNEntity, on_delete=models.CASCADE, related_name="routing_profile"
    )
    keywords = models.TextField(
        _("additional routing text"),
        blank=True,
        help_text=_("Words and phrases describing offers this entity should receive."),
    )
    sdgs = models.ManyToManyField(
        SDGGoal,
        blank=True,
        related_name="+",
        verbose_name=_("SDGs for routing"),
        help_text=_("Leave empty to use the SDGs of the entity's profile."),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries of operation")
    )
    accepts_offers = models.BooleanField(
        _("receives routed offers"),
        default=True,
        help_text=_("Untick to keep this entity out of automatic routing."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Routing profile of {self.entity.acronym}"


class SavedSearch(models.Model):
    """A user's saved filter over needs or offers; with alerts on, each newly published
    listing that passes the filter is announced to them."""

    class Kind(models.TextChoices):
        NEEDS = "needs", _("Needs")
        OFFERS = "offers", _("Offers")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    query = models.JSONField(default=dict, help_text=_("The filter's parameters"))
    alerts = models.BooleanField(_("e-mail me new matches"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "name"], name="saved_search_name")
        ]

    def __str__(self) -> str:
        return self.name
