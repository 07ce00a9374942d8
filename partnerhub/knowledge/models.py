"""The hub's memory, its knowledge base: lessons learned and best practices, recorded when
partnerships close or are evaluated, or written directly, and guides and tools (templates,
checklists) with a file or a link; all tagged so that they can be found again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import Evaluation
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal, Theme


class Lesson(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson learned")
        BEST_PRACTICE = "best_practice", _("Best practice")
        GUIDE = "guide", _("Guide")
        TOOL = "tool", _("Tool (template, checklist)")

    class Visibility(models.TextChoices):
        UN_ONLY = "un_only", _("UN staff only")
        PUBLIC = "public", _("Public")

    class Source(models.TextChoices):
        CLOSURE = "closure", _("Closure of a partnership")
        EVALUATION = "evaluation", _("An evaluation")
        DIRECT = "direct", _("Written directly")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.LESSON)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.UN_ONLY
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        verbose_name=_("partnership"),
    )
    evaluation = models.ForeignKey(
        Evaluation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        verbose_name=_("evaluation"),
    )
    partnership_types = models.ManyToManyField(
        PartnershipType, blank=True, related_name="+", verbose_name=_("types of partnership")
    )
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="+", verbose_name=_("SDGs"))
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    attachment = models.FileField(
        _("attachment"),
        upload_to="knowledge/%Y/",
        blank=True,
        max_length=255,
        help_text=_(
            "A template, checklist or guide to download (PDF, DOCX, XLSX, PPTX, ODT, ODS or "
            "CSV; 10 MB at most)."
        ),
    )
    link = models.URLField(
        _("link"), blank=True, help_text=_("Where the guide or tool is published, if elsewhere.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
