"""Multi-stakeholder initiatives, the voluntary commitments made to them (with SMART
deliverables and progress reports), and events with a private-sector track where companies
take part and commitments are announced.

Each of the three is a draft until published; only published ones are public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import progress
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, SDGGoal, SDGTarget


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Initiative(models.Model):
    """A multi-stakeholder initiative convened by one or more UN entities."""

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("short name"), max_length=40, blank=True)
    description = models.TextField(_("description"))
    provenance = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the description comes from, e.g. a report's box or paragraph."),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    convening_entities = models.ManyToManyField(
        UNEntity, related_name="convened_initiatives", verbose_name=_("convening UN entities")
    )
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="+", verbose_name=_("SDGs"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class InitiativeMember(models.Model):
    """An organisation or a UN entity taking part in an initiative, since a date."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiative_memberships",
        verbose_name=_("organisation"),
    )
    un_entity = models.ForeignKey(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiative_memberships",
        verbose_name=_("UN entity"),
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    since = models.DateField(_("member since"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["since", "id"]
        constraints = [
            models.CheckConstraint(
                name="initiative_member_is_one_body",
                violation_error_message=_("Choose either an organisation or a UN entity."),
                condition=models.Q(organisation__isnull=False, un_entity__isnull=True)
                | models.Q(organisation__isnull=True, un_entity__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["initiative", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="initiative_member_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["initiative", "un_entity"],
                condition=models.Q(un_entity__isnull=False),
                name="initiative_member_unique_entity",
            ),
        ]

    def __str__(self) -> str:
        return str(self.body)

    @property
    def body(self) -> Organisation | UNEntity:
        return self.organisation if self.organisation_id else self.un_entity  # type: ignore[return-value]


class Event(models.Model):
    """A conference, forum or advisory group meeting with a private-sector track."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        FORUM = "forum", _("Forum")
        ADVISORY_GROUP = "advisory_group", _("Advisory group meeting")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    venue = models.CharField(_("city or venue"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    description = models.TextField(_("description"))
    provenance = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("Demo data that did not happen as shown."),
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("initiative"),
    )
    organising_entities = models.ManyToManyField(
        UNEntity, related_name="organised_events", verbose_name=_("organising UN entities")
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="events",
        verbose_name=_("participating companies and organisations"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:event_detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    speakers = models.TextField(_("speakers"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """A voluntary commitment by an organisation (or a UN entity) to an initiative and/or
    announced at an event, with SMART deliverables and the resources pledged."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("organisation"),
    )
    un_entity = models.ForeignKey(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("UN entity"),
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("initiative"),
    )
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("announced at"),
    )
    made_on = models.DateField(
        _("made on"), help_text=_("The day the commitment was made or announced.")
    )
    financial_amount = models.DecimalField(
        _("financial resources pledged"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    financial_currency = models.CharField(_("currency"), max_length=3, blank=True)
    in_kind = models.TextField(_("in-kind resources"), blank=True)
    staff_expertise = models.TextField(_("staff and expertise"), blank=True)
    sdg_targets = models.ManyToManyField(
        SDGTarget, blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    sdgs = models.ManyToManyField(SDGGoal, blank=True, related_name="+", verbose_name=_("SDGs"))
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    is_illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("Demo data: a fictional company's commitment, not a real one."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    # Set when the staleness of the commitment has been announced; cleared by the next
    # progress report, so each stale spell is announced once.
    stale_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="commitment_maker_is_one_body",
                violation_error_message=_(
                    "Choose who makes the commitment: an organisation or a UN entity."
                ),
                condition=models.Q(organisation__isnull=False, un_entity__isnull=True)
                | models.Q(organisation__isnull=True, un_entity__isnull=False),
            ),
            models.CheckConstraint(
                name="commitment_has_initiative_or_event",
                violation_error_message=_(
                    "Choose the initiative it is made to or the event it is announced at."
                ),
                condition=models.Q(initiative__isnull=False) | models.Q(event__isnull=False),
            ),
            # Money pledged is positive and has a currency; no money, no currency.
            models.CheckConstraint(
                name="commitment_financial_pledge_valid",
                violation_error_message=_(
                    "Money pledged must be more than zero and have a currency."
                ),
                condition=models.Q(financial_amount__isnull=True, financial_currency="")
                | (models.Q(financial_amount__gt=0) & ~models.Q(financial_currency="")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:commitment_detail", kwargs={"pk": self.pk})

    @property
    def maker(self) -> Organisation | UNEntity:
        return self.organisation if self.organisation_id else self.un_entity  # type: ignore[return-value]

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def deliverable_tally(self) -> dict[str, int]:
        """Deliverables per latest status (uses a prefetch of `deliverables` if made)."""
        return progress.tally(d.status for d in self.deliverables.all())

    @property
    def is_completed(self) -> bool:
        return progress.all_completed(d.status for d in self.deliverables.all())


class Deliverable(models.Model):
    """A SMART deliverable of a commitment. Its latest status is kept here by the service
    that records progress reports (the reports keep the history)."""

    class Status(models.TextChoices):
        NOT_REPORTED = "not_reported", _("Not reported yet")
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="deliverables"
    )
    description = models.CharField(_("deliverable"), max_length=500)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("latest status"), max_length=14, choices=Status.choices, default=Status.NOT_REPORTED
    )
    status_comment = models.TextField(_("latest comment"), blank=True)
    status_reported_on = models.DateField(_("status reported on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.COMPLETED


class ProgressReport(models.Model):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reported on"))
    summary = models.TextField(_("summary"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.reported_on})"


class DeliverableProgress(models.Model):
    """What one progress report says about one deliverable."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="marks")
    deliverable = models.ForeignKey(Deliverable, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["deliverable__due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "deliverable"], name="deliverable_progress_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deliverable}: {self.get_status_display()}"
