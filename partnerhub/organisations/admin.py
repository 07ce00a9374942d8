from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerhub.core.services import audit_record
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import organisation_index_names


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=300, assume_scheme="https"
    )

    def clean_other_names(self) -> list[str]:
        value = self.cleaned_data["other_names"]
        if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
            raise ValidationError(_('Give other names as a JSON list of texts, e.g. ["TFG"].'))
        return value


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    """For administrators' corrections. The site's pages and API go through the services;
    a save here keeps the derived name fields in step and leaves an audit event."""

    form = OrganisationAdminForm
    list_display = [
        "legal_name",
        "country",
        "kind",
        "sector",
        "global_compact_status",
        "created_at",
    ]
    list_filter = ["kind", "sector", "global_compact_status"]
    list_select_related = ["country"]
    search_fields = ["legal_name", "normalised_name", "registration_number"]
    readonly_fields = ["normalised_name", "created_by", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        organisation_index_names(organisation=obj)
        # The admin's change view runs in a transaction, which audit_record requires.
        audit_record(
            actor=request.user,
            verb="organisation.changed_in_admin" if change else "organisation.added_in_admin",
            target=obj,
            details={"changed_fields": sorted(form.changed_data)},
        )
