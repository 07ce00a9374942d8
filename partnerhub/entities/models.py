from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.vocabularies.models import Country, SDGGoal


class UNEntity(models.Model):
    """A UN-system entity: its identity from the UN System Chart, plus what the hub needs to
    route offers to it and tell partners how to work with it."""

    acronym = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=120, blank=True, db_index=True)
    subcategory = models.CharField(max_length=160, blank=True)
    principal_organ = models.CharField(max_length=120, blank=True, db_index=True)
    is_ceb_member = models.BooleanField(
        default=False, help_text=_("Member of the UN System Chief Executives Board")
    )
    headquarters = models.CharField(max_length=120, blank=True)
    foundational_mandate = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    links = models.JSONField(
        default=dict, blank=True, help_text=_("Named links: strategic plan, annual reports, ...")
    )
    # What the hub adds to the UN System Chart record.
    mandate = models.TextField(_("mandate"), blank=True)
    how_to_partner = models.TextField(_("how to partner with us"), blank=True)
    partnership_email = models.EmailField(_("partnerships contact e-mail"), blank=True)
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="entities")
    countries = models.ManyToManyField(Country, blank=True, related_name="un_entities")
    # Set when a person (focal point, coordinator, administrator) edits the partnership profile.
    # From then on the importer leaves mandate, how_to_partner and SDGs alone: the entity's own
    # words win over the hub's curated summary.
    profile_edited_at = models.DateTimeField(
        _("partnership profile last edited"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[sdgs])

    class Meta:
        ordering = ["acronym"]
        verbose_name = "UN entity"
        verbose_name_plural = "UN entities"

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("entities:detail", kwargs={"slug": self.slug})
