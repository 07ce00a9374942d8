from django.contrib import admin

from partnerhub.coordination.models import CoordinationAlert


@admin.register(CoordinationAlert)
class CoordinationAlertAdmin(admin.ModelAdmin):
    list_display = ["organisation", "first_entity", "second_entity", "created_at"]
    list_filter = ["first_kind", "second_kind"]
    search_fields = ["organisation__legal_name", "first_entity__acronym", "second_entity__acronym"]
    raw_id_fields = ["organisation", "matched_organisation"]
    readonly_fields = ["pair_key", "created_at"]
