from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.vocabularies.models import Country


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    MICRO = "micro", _("Micro (fewer than 10 employees)")
    SMALL = "small", _("Small (10-49 employees)")
    MEDIUM = "medium", _("Medium (50-249 employees)")
    LARGE = "large", _("Large (250 or more employees)")
    MULTINATIONAL = "multinational", _("Multinational group")


class IsicSection(models.TextChoices):
    """ISIC Rev. 4 sections (UN Statistics Division)."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply; sewerage, waste management and remediation activities")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade; repair of motor vehicles and motorcycles")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service activities")  # noqa: E741
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration and defence; compulsory social security")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Human health and social work activities")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")
    T = "T", _("Activities of households as employers")
    U = "U", _("Activities of extraterritorial organizations and bodies")


class GlobalCompactStatus(models.TextChoices):
    NOT_PARTICIPANT = "not_participant", _("Not a participant")
    ACTIVE = "active", _("Active")
    NON_COMMUNICATING = "non_communicating", _("Non-communicating")
    DELISTED = "delisted", _("Delisted")


class Organisation(models.Model):
    """A private-sector or civil-society organisation the UN may partner with."""

    legal_name = models.CharField(_("legal name"), max_length=300)
    other_names = models.JSONField(
        _("other names"), default=list, blank=True, help_text=_("Trading names, former names")
    )
    # The legal name normalised for de-duplication (see organisations/names.py).
    normalised_name = models.CharField(max_length=300, db_index=True, editable=False)
    # Legal and other names, accent- and case-folded, one per line: what directory search reads,
    # because JSON text is not searchable the same way on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")
    kind = models.CharField(
        _("kind"), max_length=24, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    sector = models.CharField(
        _("sector (ISIC section)"), max_length=1, choices=IsicSection.choices, blank=True
    )
    size = models.CharField(_("size"), max_length=16, choices=OrganisationSize.choices, blank=True)
    global_compact_status = models.CharField(
        _("UN Global Compact status"),
        max_length=20,
        choices=GlobalCompactStatus.choices,
        default=GlobalCompactStatus.NOT_PARTICIPANT,
    )
    global_compact_joined_on = models.DateField(
        _("joined the Global Compact on"), null=True, blank=True
    )
    global_compact_status_since = models.DateField(_("status since"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "normalised_name", "search_text"])

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="organisation_unique_registration_per_country",
            )
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"pk": self.pk})

    @property
    def all_names(self) -> list[str]:
        """The legal name, then the other names (skipping anything that is not text, which
        only a hand-edited JSON value could contain)."""
        others = self.other_names if isinstance(self.other_names, list) else []
        return [self.legal_name, *(name for name in others if isinstance(name, str))]


class OrganisationNameKey(models.Model):
    """One blocking key of an organisation's names (see names.blocking_keys).

    Duplicate detection fetches the organisations sharing a key with the new name, then scores
    only those: an indexed equality lookup that works the same on SQLite and PostgreSQL and
    stays fast as the directory grows, unlike scoring every organisation.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="name_keys"
    )
    key = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="organisation_name_key_unique"
            )
        ]
        indexes = [models.Index(fields=["key", "organisation"], name="organisation_name_key_idx")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.organisation_id}"
