from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.vocabularies import selectors


def sdgs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "vocabularies/sdgs.html",
        {
            "goals": selectors.sdg_goals_with_targets(),
            "partnership_types": selectors.partnership_types(),
            "resource_types": selectors.resource_types(),
            "themes": selectors.themes(),
        },
    )
