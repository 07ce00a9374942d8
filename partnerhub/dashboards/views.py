"""Dashboard pages for the whole system, one entity and one country, and the system-wide report
(public, with a UN-internal view for staff, as a page and as PDF); `?export=<table>` on any of
them downloads that table as CSV. Figures come from tables.py (which reads selectors.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import country_codes_for, entity_ids_for
from partnerhub.dashboards import exports, pdf, tables
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


# --- The system-wide report -------------------------------------------------------------------

INTERNAL = "internal"


def _report_scope(request: HttpRequest) -> tuple[Scope, YearRangeForm, bool]:
    """The report's scope from the query: public unless `view=internal`, which only UN staff
    may ask for (anyone else is refused, not silently shown the public figures)."""
    internal = request.GET.get("view") == INTERNAL
    if internal and not request.user.has_perm("dashboards.view"):
        raise PermissionDenied(_("The UN-internal view of the report is open to UN staff."))
    form = YearRangeForm(request.GET)
    valid = form.is_valid()
    years = form.cleaned_data if valid else {}
    scope = Scope(
        year_from=years.get("year_from"), year_to=years.get("year_to"), public=not internal
    )
    return scope, form, valid


def _form_errors(form: YearRangeForm) -> HttpResponse:
    return HttpResponse(
        " ".join(str(e) for errors in form.errors.values() for e in errors),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _report_context(request: HttpRequest, scope: Scope, form: YearRangeForm) -> dict[str, object]:
    report_tables = tables.report_tables(scope, rtl=get_language_bidi())
    return {
        "scope": scope,
        "form": form,
        "internal": not scope.public,
        "can_see_internal": request.user.has_perm("dashboards.view"),
        "tables": list(report_tables.values()),
        "headlines": tables.report_headlines(report_tables, public=scope.public),
        "generated_on": timezone.localdate(),
        "year_query": {
            k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v is not None
        },
    }


def _private_if_internal(response: HttpResponse, scope: Scope) -> HttpResponse:
    if not scope.public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def report(request: HttpRequest) -> HttpResponse:
    """The system-wide report, open to everyone: its figures count public partnerships only."""
    scope, form, valid = _report_scope(request)
    export = request.GET.get("export")
    if export:
        if not valid:
            return _form_errors(form)
        table = tables.report_table_named(scope, export)
        if table is None:
            raise Http404(_("No such table."))
        label = "public" if scope.public else "un-internal"
        filename = f"partnerhub-report-{label}-{table.name}-{timezone.localdate():%Y-%m-%d}.csv"
        return _private_if_internal(exports.csv_response(table, filename), scope)
    response = render(
        request,
        "dashboards/report.html",
        _report_context(request, scope, form),
        status=200 if valid else 400,
    )
    return _private_if_internal(response, scope)


def report_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as PDF: a title page with the date and the scope, then every figure."""
    scope, form, valid = _report_scope(request)
    if not valid:
        return _form_errors(form)
    context = _report_context(request, scope, form)
    context["language"] = get_language()
    context["rtl"] = get_language_bidi()
    html = render_to_string("dashboards/report_pdf.html", context, request=request)
    label = "public" if scope.public else "un-internal"
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="partnerhub-report-{label}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return _private_if_internal(response, scope)
