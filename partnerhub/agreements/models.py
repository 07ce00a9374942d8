"""The agreement desk: a clause library and versioned standard templates kept by legal officers,
and the agreements generated from them for partnerships, with negotiated deviations and an
approval flow from draft to signature."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerhub.partnerships.models import Partnership

# The languages agreements are generated in (issue 6: English and French at least, Arabic
# right to left). Clause texts are kept per language in these codes.
AGREEMENT_LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]


class Clause(models.Model):
    """One standard clause, versioned: a new wording is a new row with the next version; the
    agreements generated before keep the version they were made with."""

    class Category(models.TextChoices):
        PURPOSE = "purpose", _("Purpose")
        CONTRIBUTIONS = "contributions", _("Contributions")
        NAME_AND_EMBLEM = "name_and_emblem", _("Use of the UN name and emblem")
        PRIVILEGES = "privileges", _("Privileges and immunities")
        CONFIDENTIALITY = "confidentiality", _("Confidentiality")
        INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
        LIABILITY = "liability", _("Liability")
        TERMINATION = "termination", _("Termination")
        DISPUTES = "disputes", _("Settlement of disputes")
        ANTI_CORRUPTION = "anti_corruption", _("Anti-corruption")
        SANCTIONS = "sanctions", _("Sanctions")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        PSEA = "psea", _("Protection from sexual exploitation and abuse")
        PERSONNEL = "personnel", _("Personnel")
        REPORTING = "reporting", _("Reporting and evaluation")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    # {"en": "...", "fr": "...", "ar": "..."}: the heading and the text in each language.
    titles = models.JSONField(_("titles"), default=dict)
    texts = models.JSONField(_("texts"), default=dict)
    in_force = models.BooleanField(_("in force"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="clause_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class AgreementTemplate(models.Model):
    """A standard agreement of one kind, versioned. Exactly one version of a kind is in force;
    uploading or publishing a new one retires the previous version only once it is accepted."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        CAUSE_MARKETING = (
            "cause_marketing",
            _("Cause-related marketing and use of the UN name and emblem"),
        )
        IN_KIND = "in_kind", _("In-kind contribution")
        PRO_BONO = "pro_bono", _("Pro bono services")
        FINANCIAL = "financial", _("Financial contribution")
        SECONDMENT = "secondment", _("Secondment / loan of personnel (staff exchange)")
        MULTI_STAKEHOLDER = "multi_stakeholder", _("Multi-stakeholder partnership framework")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    titles = models.JSONField(_("titles"), default=dict)
    # The DOCX a legal officer uploaded, if any; otherwise agreements are laid out from the
    # clauses by the built-in layout.
    docx = models.FileField(_("DOCX template"), upload_to="agreements/templates/", blank=True)
    placeholders = models.JSONField(default=list, blank=True)
    in_force = models.BooleanField(_("in force"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="template_version_once"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(in_force=True),
                name="one_template_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class TemplateClause(models.Model):
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.CASCADE, related_name="template_clauses"
    )
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    mandatory = models.BooleanField(default=True)

    class Meta:
        ordering = ["template_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "clause"], name="clause_once_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.clause}"


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        LEGAL_REVIEW = "legal_review", _("In legal review")
        APPROVED = "approved", _("Approved")
        SENT_FOR_SIGNATURE = "sent_for_signature", _("Sent for signature")
        SIGNED = "signed", _("Signed")
        CANCELLED = "cancelled", _("Cancelled")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.PROTECT, related_name="agreements"
    )
    language = models.CharField(
        _("language"), max_length=2, choices=AGREEMENT_LANGUAGES, default="en"
    )
    optional_clauses = models.ManyToManyField(
        TemplateClause, blank=True, related_name="+", verbose_name=_("optional clauses chosen")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFTED, db_index=True
    )
    docx = models.FileField(upload_to="agreements/generated/%Y/", blank=True)
    pdf = models.FileField(upload_to="agreements/generated/%Y/", blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField(_("sent for signature on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_copy = models.FileField(upload_to="agreements/signed/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} for {self.partnership}"


class Deviation(models.Model):
    """Negotiated wording replacing a standard clause in one agreement, shown as a redline
    against the standard text."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="deviations")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("negotiated text"))
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "clause"], name="one_deviation_per_clause")
        ]

    def __str__(self) -> str:
        return f"Deviation from {self.clause} in {self.agreement}"
