"""The public portal: the partnerships portfolio, a page per public partnership, country pages
and guidance for companies. Every page here works for anonymous visitors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from partnerhub.core.forms import add_service_errors
from partnerhub.entities.models import UNEntity
from partnerhub.portal import selectors, services
from partnerhub.portal.forms import CountryProfileForm
from partnerhub.portal.models import CountryProfile
from partnerhub.screening import criteria as criteria_rules
from partnerhub.screening.models import CriteriaProfile
from partnerhub.search.selectors import SearchPaginator, has_words


def portfolio(request: HttpRequest) -> HttpResponse:
    portfolio_filter = selectors.portfolio_filter(request.GET)
    partnerships = selectors.portfolio(portfolio_filter)
    query = ""
    if portfolio_filter.form.is_valid():
        query = portfolio_filter.form.cleaned_data.get("q") or ""
    # A search counts at most SearchPaginator's cap: the exact count of a very common word's
    # matches is what a database cannot answer fast at scale (docs/benchmarks.md).
    paginator = SearchPaginator if has_words(query) else Paginator
    page = paginator(partnerships, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(
        request,
        "portal/_portfolio_results.html" if partial else "portal/portfolio.html",
        {"filter": portfolio_filter, "page_obj": page, "query": query},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def partnership(request: HttpRequest, pk: int) -> HttpResponse:
    public = selectors.public_partnership(pk)
    page = selectors.public_partnership_page(public, today=timezone.localdate())
    return render(
        request,
        "portal/partnership.html",
        {
            "page": page,
            "partnership": public,
            "can_open_workspace": request.user.has_perm("partnerships.view_partnership", public),
        },
    )


def countries(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    rows = selectors.country_index(query)
    return render(request, "portal/countries.html", {"countries": rows, "query": query})


def country(request: HttpRequest, iso2: str) -> HttpResponse:
    chosen = selectors.country_or_404(iso2)
    return render(
        request,
        "portal/country.html",
        {
            "page": selectors.country_page(chosen),
            "can_edit": request.user.has_perm("portal.change_countryprofile", chosen),
        },
    )


@login_required
def country_edit(request: HttpRequest, iso2: str) -> HttpResponse:
    chosen = selectors.country_or_404(iso2)
    if not request.user.has_perm("portal.change_countryprofile", chosen):
        raise PermissionDenied(
            _("Only the country's coordinators and the system coordinator edit its page.")
        )
    profile = CountryProfile.objects.filter(country=chosen).first() or CountryProfile(
        country=chosen
    )
    form = CountryProfileForm(request.POST or None, instance=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                services.country_profile_update(actor=request.user, country=chosen, data=data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Country page saved."))
                return redirect("portal:country", iso2=chosen.iso2.lower())
        status = 400
    return render(
        request, "portal/country_edit.html", {"form": form, "country": chosen}, status=status
    )


def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/guidance.html")


def screening_criteria(request: HttpRequest) -> HttpResponse:
    """The criteria every company is screened against: the system baseline, or one entity's
    version of it (?entity=ACRONYM) with what the entity changed."""
    baseline_profile = CriteriaProfile.objects.filter(
        un_entity__isnull=True, is_current=True
    ).first()
    amended = (
        UNEntity.objects.filter(criteria_profiles__is_current=True).distinct().order_by("acronym")
    )
    entity = None
    acronym = request.GET.get("entity", "")
    if acronym:
        entity = amended.filter(acronym=acronym).first()
        if entity is None:
            messages.info(
                request,
                _("%(entity)s uses the system baseline unchanged.") % {"entity": acronym[:40]},
            )
    criteria: tuple[criteria_rules.Criterion, ...] = ()
    thresholds: dict[str, int] = {}
    if baseline_profile is not None:
        baseline = criteria_rules.parse_baseline(baseline_profile.criteria)
        thresholds = baseline.thresholds
        criteria = baseline.criteria
        if entity is not None:
            profile = CriteriaProfile.objects.get(un_entity=entity, is_current=True)
            criteria = criteria_rules.apply_amendments(baseline, profile.criteria)
    return render(
        request,
        "portal/screening_criteria.html",
        {
            "criteria": [c for c in criteria if c.enabled],
            "disabled": [c for c in criteria if not c.enabled],
            "thresholds": thresholds,
            "baseline_version": baseline_profile.version if baseline_profile else None,
            "entities": amended,
            "entity": entity,
        },
    )
