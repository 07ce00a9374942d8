"""The quarterly newsletter: its subscribers (double opt-in), its issues (assembled as a
draft, edited by the system coordinator, then sent) and one delivery per subscriber."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    # Stored lower-cased, so one address is one subscriber however it is typed.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Consent: when the address was confirmed and where the request came from.
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_source = models.CharField(_("source of consent"), max_length=200, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        # Never the address: this label is copied into the audit trail, which outlives a
        # subscriber's deletion.
        return f"Newsletter subscriber #{self.pk}"


class Section(models.TextChoices):
    """The sections of an issue, in the order they appear. Their titles are fixed texts,
    translated into each subscriber's language."""

    PARTNERSHIPS = "partnerships", _("New partnerships")
    NEEDS = "needs", _("Open needs: how your company can help")
    LESSONS = "lessons", _("Lessons learned and best practices")
    TOOLS = "tools", _("Guides and tools")
    EVENTS = "events", _("Events")
    NEWS = "news", _("More news")


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED_PARTLY = "failed_partly", _("Sent, some deliveries failed")

    PUBLIC_STATES = (Status.SENDING, Status.SENT, Status.FAILED_PARTLY)

    quarter = models.CharField(_("quarter"), max_length=7, unique=True)
    slug = models.SlugField(max_length=20, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The subject and introduction in other languages, each optional; where one is missing
    # the main (English) text is used: {"ar": {"subject": "...", "introduction": "..."}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # [{"key": Section value, "items": [{"id", "title", "summary", "url", "date"?}]}]
    sections = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    assembled_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-quarter"]

    def __str__(self) -> str:
        return f"Newsletter {self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", args=[self.slug])

    def get_manage_url(self) -> str:
        return reverse("newsletter:manage_issue", args=[self.pk])

    def _translated(self, language: str | None, name: str) -> str:
        entry = (self.translations or {}).get(language or "", {})
        value = entry.get(name, "") if isinstance(entry, dict) else ""
        return value or getattr(self, name)

    def subject_in(self, language: str | None) -> str:
        """The subject for readers of `language`: its translation, else the main subject."""
        return self._translated(language, "subject")

    def introduction_in(self, language: str | None) -> str:
        """The introduction for readers of `language`: its translation, else the main one."""
        return self._translated(language, "introduction")

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATES


# The languages an issue's subject and introduction can be translated into (the main text is
# in the site's default language).
TRANSLATION_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed before delivery)")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    # The address at sending time (blanked when the subscriber is deleted).
    email = models.EmailField(max_length=254, blank=True)
    language = models.CharField(max_length=7, choices=settings.LANGUAGES)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_one_delivery_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"Delivery #{self.pk} of {self.issue}"
