from django.contrib import admin

from partnerhub.vocabularies.models import (
    Country,
    PartnershipType,
    Region,
    ResourceType,
    SDGGoal,
    SDGTarget,
    Theme,
)


@admin.register(SDGGoal)
class SDGGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "colour"]


@admin.register(SDGTarget)
class SDGTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "text"]
    list_filter = ["goal"]
    search_fields = ["code", "text"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "iso3", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["iso2", "iso3", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["m49", "name", "level", "parent"]
    list_filter = ["level"]


for model in (ResourceType, PartnershipType, Theme):
    admin.site.register(model, list_display=["slug", "name", "position"])
