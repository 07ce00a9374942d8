from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country


class EmailUserManager(UserManager["User"]):
    """Users are identified by e-mail; there is no username."""

    def _create_user_object(self, username: Any, email: Any, password: Any, **extra: Any) -> User:
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.password = ""
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    COMPANY_REP = "company_rep", _("Company representative")
    FOCAL_POINT = "focal_point", _("Focal point")
    SCREENING_OFFICER = "screening_officer", _("Screening officer")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    ME_OFFICER = "me_officer", _("M&E officer")
    COUNTRY_COORDINATOR = "country_coordinator", _("Country coordinator")
    SYSTEM_COORDINATOR = "system_coordinator", _("System coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


# Which kind of body each role belongs to. A membership must name exactly that body.
ORGANISATION_ROLES = frozenset({Role.COMPANY_REP})
ENTITY_ROLES = frozenset(
    {Role.FOCAL_POINT, Role.SCREENING_OFFICER, Role.LEGAL_OFFICER, Role.ME_OFFICER}
)
COUNTRY_ROLES = frozenset({Role.COUNTRY_COORDINATOR})
SYSTEM_ROLES = frozenset({Role.SYSTEM_COORDINATOR, Role.ADMINISTRATOR})


class Membership(models.Model):
    """One role a user holds, in a UN entity, an organisation, a country or system-wide."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    un_entity = models.ForeignKey(
        UNEntity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("UN entity"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(
                        role__in=sorted(r.value for r in ORGANISATION_ROLES),
                        organisation__isnull=False,
                        un_entity__isnull=True,
                        country__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in ENTITY_ROLES),
                        un_entity__isnull=False,
                        organisation__isnull=True,
                        country__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in COUNTRY_ROLES),
                        country__isnull=False,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in SYSTEM_ROLES),
                        un_entity__isnull=True,
                        organisation__isnull=True,
                        country__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.un_entity or self.organisation or self.country or _("UN system")
        return f"{self.user} — {self.get_role_display()} ({scope})"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown
    once, when the token is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
