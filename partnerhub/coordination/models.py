"""Coordination between UN entities: an alert raised when a second entity starts engaging an
organisation that another entity is already engaging.

The engagement registry itself has no table: it is read live from the marketplace, screening
and partnership records (see selectors.py), so it can never drift from them. An alert, by
contrast, is an event: it records what each entity was doing when it was raised.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation


class EngagementKind(models.TextChoices):
    INTEREST = "interest", _("Expression of interest")
    OFFER = "offer", _("Offer in discussion")
    SCREENING = "screening", _("Screening")
    PARTNERSHIP = "partnership", _("Partnership")


class CoordinationAlert(models.Model):
    """Two entities engaging the same organisation (or two records whose names match).

    `first_*` is the entity that was engaged already, `second_*` the one whose new engagement
    raised the alert. Each entity's focal points acknowledge for their side; the system
    coordinator may close the alert for both.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordination_alerts",
        verbose_name=_("organisation"),
        help_text=_("The organisation of the new engagement"),
    )
    matched_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("matched organisation"),
        help_text=_(
            "The other engagement's record, when it is a different record whose name matches"
        ),
    )
    matched_name = models.CharField(max_length=300, blank=True)
    name_score = models.PositiveSmallIntegerField(null=True, blank=True)

    first_entity = models.ForeignKey(
        UNEntity, on_delete=models.PROTECT, related_name="+", verbose_name=_("engaged first")
    )
    first_kind = models.CharField(max_length=12, choices=EngagementKind.choices)
    first_label = models.CharField(max_length=300)
    first_url = models.CharField(max_length=500, blank=True)
    second_entity = models.ForeignKey(
        UNEntity, on_delete=models.PROTECT, related_name="+", verbose_name=_("engaged second")
    )
    second_kind = models.CharField(max_length=12, choices=EngagementKind.choices)
    second_label = models.CharField(max_length=300)
    second_url = models.CharField(max_length=500, blank=True)

    # One alert per pair of entities per pair of organisation records, whichever engaged
    # first: "3-3:5-9" (organisation ids, then entity ids, each pair in ascending order).
    pair_key = models.CharField(max_length=100, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    first_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_acknowledged_at = models.DateTimeField(null=True, blank=True)
    second_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_acknowledged_at = models.DateTimeField(null=True, blank=True)
    coordinator_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.first_entity} / {self.second_entity}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:alert_detail", args=[self.pk])

    @staticmethod
    def pair_key_for(organisation_ids: tuple[int, int], entity_ids: tuple[int, int]) -> str:
        low_org, high_org = sorted(organisation_ids)
        low_entity, high_entity = sorted(entity_ids)
        return f"{low_org}-{high_org}:{low_entity}-{high_entity}"

    @property
    def is_open(self) -> bool:
        if self.coordinator_acknowledged_at is not None:
            return False
        return self.first_acknowledged_at is None or self.second_acknowledged_at is None

    @property
    def reason(self) -> str:
        if self.matched_organisation_id is None:
            return gettext("same organisation")
        return gettext("names match: “%(name)s” (%(score)d%%)") % {
            "name": self.matched_name,
            "score": self.name_score or 0,
        }

    @property
    def other_organisation(self) -> Organisation:
        """The record the first entity engaged: the matched one, or the same."""
        return self.matched_organisation or self.organisation
