"""What the public portal adds to the vocabularies: each country's contacts for business."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.vocabularies.models import Country


class CountryProfile(models.Model):
    """The contacts a company needs in a country: the Resident Coordinator's office, which
    speaks for the UN country team, and the UN Global Compact Local Network. Kept by the
    country's coordinator (or the system coordinator); nothing is shown until they fill it."""

    country = models.OneToOneField(
        Country, primary_key=True, on_delete=models.CASCADE, related_name="portal_profile"
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the UN does in the country with business, in a few sentences."),
    )
    rc_office_name = models.CharField(
        _("Resident Coordinator's office"), max_length=200, blank=True
    )
    rc_office_url = models.URLField(_("its website"), max_length=300, blank=True)
    rc_office_email = models.EmailField(_("its e-mail for partnerships"), blank=True)
    gc_network_name = models.CharField(
        _("UN Global Compact Local Network"), max_length=200, blank=True
    )
    gc_network_url = models.URLField(_("its website"), max_length=300, blank=True)
    gc_network_email = models.EmailField(_("its e-mail"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name"]

    def __str__(self) -> str:
        return str(self.country)

    def get_absolute_url(self) -> str:
        return reverse("portal:country", args=[self.country_id.lower()])

    @property
    def has_rc_office(self) -> bool:
        return bool(self.rc_office_name or self.rc_office_url or self.rc_office_email)

    @property
    def has_gc_network(self) -> bool:
        return bool(self.gc_network_name or self.gc_network_url or self.gc_network_email)
