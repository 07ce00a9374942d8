"""The public search page: every kind of public object, one box."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.search import selectors
from partnerhub.search.forms import SiteSearchForm


def search(request: HttpRequest) -> HttpResponse:
    form = SiteSearchForm(request.GET or None)
    results = None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        results = selectors.site_search(
            form.cleaned_data["q"], kinds=[kind] if kind else None, page=request.GET.get("page")
        )
    return render(request, "search/search.html", {"form": form, "results": results})
