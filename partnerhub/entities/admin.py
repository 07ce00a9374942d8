from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from partnerhub.entities.models import UNEntity
from partnerhub.entities.services import PROFILE_FIELDS


@admin.register(UNEntity)
class UNEntityAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "category", "principal_organ", "is_ceb_member", "updated_at"]
    list_filter = ["category", "principal_organ", "is_ceb_member", "sdgs"]
    # Also what accounts' MembershipInline autocomplete searches.
    search_fields = ["acronym", "name", "aliases", "description"]
    prepopulated_fields = {"slug": ["acronym"]}
    filter_horizontal = ["sdgs", "countries"]
    readonly_fields = ["profile_edited_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("acronym", "slug", "name", "aliases", "description")}),
        (
            "UN System Chart",
            {
                "fields": (
                    "category",
                    "subcategory",
                    "principal_organ",
                    "is_ceb_member",
                    "headquarters",
                    "foundational_mandate",
                    "website",
                    "links",
                )
            },
        ),
        (
            "Partnership profile",
            {
                "fields": (
                    "mandate",
                    "how_to_partner",
                    "partnership_email",
                    "sdgs",
                    "countries",
                    "profile_edited_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: UNEntity, form: Any, change: bool) -> None:
        # An edit here is a person's edit too: mark it, so the importer stops applying the
        # hub's curated profile over it (see entities_import_csv).
        if set(form.changed_data) & set(PROFILE_FIELDS):
            obj.profile_edited_at = timezone.now()
        super().save_model(request, obj, form, change)
