"""Due diligence screening: versioned sanctions lists, criteria profiles, screenings, hits,
reviewer decisions and monitoring alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation


class ListSource(models.TextChoices):
    UN = "un", _("UN Security Council Consolidated List")
    OFAC = "ofac", _("OFAC Specially Designated Nationals")
    EU = "eu", _("EU/UN/OFAC consolidated (combined file)")


class ListImport(models.Model):
    """One attempt to import a list file; a successful one creates a ListVersion."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        UNCHANGED = "unchanged", _("Already imported")
        FAILED = "failed", _("Refused")

    source = models.CharField(max_length=8, choices=ListSource.choices)
    file_name = models.CharField(max_length=255)
    file_path = models.CharField(max_length=500, help_text=_("Stored upload awaiting the worker"))
    generated_at_hint = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(
        "ListVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} import of {self.file_name}"


class ListVersion(models.Model):
    """One published version of one list, as imported (a snapshot)."""

    source = models.CharField(max_length=8, choices=ListSource.choices, db_index=True)
    generated_at = models.DateTimeField(help_text=_("When the publisher generated the file"))
    checksum = models.CharField(max_length=64)
    entry_count = models.PositiveIntegerField()
    added_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(default=0)
    amended_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next"
    )
    is_current = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["source", "-generated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "checksum"], name="list_version_unique_file"),
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(is_current=True),
                name="list_version_one_current_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of {self.generated_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("screening:list_version", kwargs={"pk": self.pk})


class ListEntry(models.Model):
    """A listed person or organisation, keyed by its list reference. Kept after removal from
    the list (removed_in) so past screenings still show what they matched."""

    source = models.CharField(max_length=8, choices=ListSource.choices)
    ref = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    name = models.CharField(max_length=500)
    data = models.JSONField(help_text=_("The entry as the list publishes it (ListedEntry fields)"))
    fingerprint = models.CharField(max_length=64, help_text=_("sha256 of the compared fields"))
    first_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    last_changed_in = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    removed_in = models.ForeignKey(
        ListVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["source", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="list_entry_unique_ref")
        ]
        indexes = [models.Index(fields=["source", "removed_in"])]
        verbose_name_plural = "list entries"

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"


class ListChange(models.Model):
    """What one version changed in one entry."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")
        AMENDED = "amended", _("Amended")

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="changes")
    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    fields = models.JSONField(default=dict, blank=True, help_text=_("field: [old, new]"))

    class Meta:
        ordering = ["version_id", "kind", "entry__ref"]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry.ref}"


class CriteriaProfile(models.Model):
    """A versioned set of screening criteria: the system baseline (un_entity empty) or an
    entity's amendments to it. A new version is a new row; old screenings keep theirs."""

    un_entity = models.ForeignKey(
        UNEntity, null=True, blank=True, on_delete=models.PROTECT, related_name="criteria_profiles"
    )
    version = models.PositiveIntegerField()
    criteria = models.JSONField(help_text=_("Baseline: criterion definitions. Entity: amendments."))
    note = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["un_entity_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["un_entity", "version"], name="criteria_profile_unique_version"
            ),
        ]

    def __str__(self) -> str:
        owner = self.un_entity.acronym if self.un_entity_id else "Baseline"  # type: ignore[union-attr]
        return f"{owner} criteria v{self.version}"


class OrganisationPerson(models.Model):
    """A director or authorised signatory of an organisation, screened with it."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        SIGNATORY = "signatory", _("Authorised signatory")
        OWNER = "owner", _("Beneficial owner")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=12, choices=Role.choices)
    birth_date = models.CharField(
        max_length=10, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    nationality = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Evidence(models.Model):
    """Something recorded about an organisation that a criterion can use: a controversy, a
    business activity, a self-declaration, a media or NGO report."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.CharField(max_length=48)
    summary = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    observed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.criterion}: {self.summary[:60]}"


class Screening(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        AWAITING_COSIGN = "awaiting_cosign", _("Awaiting second officer")
        COMPLETED = "completed", _("Completed")

    class Rating(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        SUBSTANTIAL = "substantial", _("Substantial")
        HIGH = "high", _("High")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
        REJECT = "reject", _("Reject")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="screenings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requesting_entity = models.ForeignKey(
        UNEntity, on_delete=models.PROTECT, related_name="screenings"
    )
    profile = models.ForeignKey(CriteriaProfile, on_delete=models.PROTECT, related_name="+")
    baseline = models.ForeignKey(CriteriaProfile, on_delete=models.PROTECT, related_name="+")
    list_versions = models.ManyToManyField(ListVersion, related_name="screenings")
    subjects_key = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("sha256 of the screened names, country, registration number and people"),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_REVIEW)
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    excluded = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    findings = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=24, choices=Decision.choices, blank=True)
    conditions = models.TextField(blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["findings"])

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Screening of {self.organisation} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("screening:detail", kwargs={"pk": self.pk})


class Hit(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", _("To review")
        CONFIRMED = "confirmed", _("Confirmed match")
        DISMISSED = "dismissed", _("Dismissed: not the same")

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="hits")
    subject = models.CharField(
        max_length=300, help_text=_("The screened name: organisation or person")
    )
    person = models.ForeignKey(
        OrganisationPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="hits")
    list_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    entry_fingerprint = models.CharField(max_length=64)
    score = models.FloatField()
    strength = models.CharField(max_length=16, help_text=_("match or potential_match"))
    explanation = models.JSONField()
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    carried_over = models.BooleanField(
        default=False, help_text=_("Dismissed earlier for the same entry, unchanged since")
    )

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.subject} ~ {self.entry}"


class Dismissal(models.Model):
    """A remembered false positive: this subject of this organisation is not this listed
    entry. Reapplied to later screenings while the entry is unchanged."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=300)
    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="dismissals")
    entry_fingerprint = models.CharField(max_length=64)
    reason = models.TextField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "subject", "entry"], name="dismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} is not {self.entry.ref}"


class Alert(models.Model):
    """A new or changed hit found by monitoring after a list update."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="alerts")
    hit = models.ForeignKey(Hit, on_delete=models.CASCADE, related_name="alerts")
    list_version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="alerts")
    reason = models.CharField(max_length=16, help_text=_("new or changed"))
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reason} hit {self.hit}"


class BatchScreening(models.Model):
    """A CSV of organisations screened in the background; results downloadable as CSV."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    input_csv = models.TextField()
    output_csv = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Batch {self.file_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.done_count / self.row_count) if self.row_count else 0
