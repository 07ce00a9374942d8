"""Controlled vocabularies, loaded from data files by migrations (see loaders.py).

Each term keeps its English name in `name` and its names in the other UN languages in `names`
({"fr": ..., "ar": ...}); `label` picks the active language and falls back to English.
`__str__` gives the short display form in the active language, so form selects, lists,
dashboards and charts are localised wherever a term is rendered.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.vocabularies.colours import readable_text_colour


def _localised(default: str, names: dict[str, str]) -> str:
    language = (get_language() or "en").split("-")[0]
    return names.get(language) or default


class SDGGoal(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    short_title = models.CharField(max_length=80)
    name = models.CharField(max_length=300)
    names = models.JSONField(default=dict, blank=True)
    colour = models.CharField(max_length=7, help_text=_("Official SDG colour, #RRGGBB"))

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"
        verbose_name_plural = "SDGs"

    def __str__(self) -> str:
        # The short titles are marked for translation in data_files.SDG_SHORT_TITLES.
        return gettext("SDG %(number)s: %(title)s") % {
            "number": self.number,
            "title": gettext(self.short_title),
        }

    @property
    def text_colour(self) -> str:
        """Black or white text, whichever is readable on the goal's colour."""
        return readable_text_colour(self.colour)

    @property
    def label(self) -> str:
        """The full goal name; the IATI source has it in English and French only, so other
        languages get the translated short form rather than the English name."""
        language = (get_language() or "en").split("-")[0]
        if language != "en" and not self.names.get(language):
            return str(self)
        return _localised(self.name, self.names)


class SDGTarget(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    goal = models.ForeignKey(SDGGoal, on_delete=models.CASCADE, related_name="targets")
    text = models.TextField()
    texts = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(help_text=_("Order within the goal"))

    class Meta:
        ordering = ["goal_id", "position"]

    def __str__(self) -> str:
        return gettext("Target %(code)s") % {"code": self.code}

    @property
    def label(self) -> str:
        return _localised(self.text, self.texts)


class Region(models.Model):
    """A UN M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "subregion", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49 = models.CharField(max_length=3, primary_key=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=100)
    names = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _localised(self.name, self.names)


class Country(models.Model):
    """An ISO 3166-1 country or territory with its UN M49 region."""

    iso2 = models.CharField(max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    m49 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    names = models.JSONField(default=dict, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _localised(self.name, self.names)


class Term(models.Model):
    """A short controlled term: slug, English name, translations, explanation."""

    slug = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=120)
    names = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _localised(self.name, self.names)


class ResourceType(Term):
    """What a partner brings: funds, in-kind goods, expertise, ..."""


class PartnershipType(Term):
    """The partnership models of the Secretary-General's report A/66/320."""


class Theme(Term):
    """Cross-cutting themes used as tags."""
