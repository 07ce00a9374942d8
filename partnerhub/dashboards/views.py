"""Dashboard pages for the whole system, one entity and one country; `?export=<table>` on any
of them downloads that table as CSV. Figures come from tables.py (which reads selectors.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import country_codes_for, entity_ids_for
from partnerhub.dashboards import exports, tables
from partnerhub.dashboards.forms import YearRangeForm
from partnerhub.dashboards.selectors import Scope
from partnerhub.entities.models import UNEntity
from partnerhub.vocabularies.models import Country


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm("dashboards.view"):
        raise PermissionDenied(_("Dashboards are open to UN staff."))


def _dashboard(
    request: HttpRequest,
    *,
    entity: UNEntity | None = None,
    country: Country | None = None,
) -> HttpResponse:
    form = YearRangeForm(request.GET)
    valid = form.is_valid()
    years = form.cleaned_data if valid else {}
    scope = Scope(
        entity=entity,
        country=country,
        year_from=years.get("year_from"),
        year_to=years.get("year_to"),
    )
    export = request.GET.get("export")
    if export:
        if not valid:
            return HttpResponse(
                " ".join(str(e) for errors in form.errors.values() for e in errors),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        table = tables.table_named(scope, export)
        if table is None:
            raise Http404(_("No such table."))
        label = entity.slug if entity else country.iso2.lower() if country else "system"
        filename = f"partnerhub-{label}-{table.name}-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(table, filename)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "scope": scope,
            "form": form,
            "tables": tables.all_tables(scope, rtl=get_language_bidi()),
            "entities": UNEntity.objects.order_by("acronym").only("slug", "acronym"),
            "countries": Country.objects.order_by("name").only("iso2", "name", "names"),
            "year_query": {k: v for k, v in years.items() if v is not None},
        },
        status=200 if valid else 400,
    )


@login_required
def system(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _dashboard(request)


@login_required
def entity(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    return _dashboard(request, entity=get_object_or_404(UNEntity, slug=slug))


@login_required
def entity_default(request: HttpRequest) -> HttpResponse:
    """The entity asked for (?entity=<slug>, from the page's chooser), else the user's own."""
    _require_staff(request)
    slug = request.GET.get("entity", "")
    if slug:
        chosen = get_object_or_404(UNEntity, slug=slug)
    else:
        own = UNEntity.objects.filter(pk__in=entity_ids_for(request.user)).order_by("acronym")
        first = own.first()
        if first is None:
            messages.info(request, _("Choose an entity to see its dashboard."))
            return redirect("dashboards:system")
        chosen = first
    return redirect(reverse("dashboards:entity", args=[chosen.slug]))


@login_required
def country(request: HttpRequest, iso2: str) -> HttpResponse:
    _require_staff(request)
    return _dashboard(request, country=get_object_or_404(Country, iso2=iso2.upper()))


@login_required
def country_default(request: HttpRequest) -> HttpResponse:
    """The country asked for (?country=<iso2>), else the country coordinator's own."""
    _require_staff(request)
    code = request.GET.get("country", "") or min(country_codes_for(request.user), default="")
    if not code:
        messages.info(request, _("Choose a country to see its dashboard."))
        return redirect("dashboards:system")
    chosen = get_object_or_404(Country, iso2=code.upper())
    return redirect(reverse("dashboards:country", args=[chosen.iso2.lower()]))
