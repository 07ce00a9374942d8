"""Cost–benefit review pages: the review of one partnership (form, live figures, drivers,
completion) and the rates and thresholds page. Views read through selectors and write through
services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
)
from partnerhub.appraisals import selectors, services, wording
from partnerhub.appraisals.forms import (
    AssessmentForm,
    CompleteForm,
    ReopenForm,
    StaffRateForm,
    ThresholdsForm,
    staff_days_formset,
    staff_days_of,
)
from partnerhub.appraisals.models import CostBenefitAssessment
from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.entities.models import UNEntity
from partnerhub.partnerships import selectors as partnership_selectors
from partnerhub.partnerships.models import Partnership


def _partnership_or_404(request: HttpRequest, pk: int) -> Partnership:
    try:
        partnership = partnership_selectors.partnership_detail(pk)
    except Partnership.DoesNotExist:
        raise Http404(_("No such partnership.")) from None
    if not request.user.has_perm("appraisals.view_assessment", partnership):
        raise PermissionDenied(
            _("The cost–benefit review is internal to the UN staff who can see the partnership.")
        )
    return partnership


def _review_url(partnership: Partnership) -> str:
    return reverse("appraisals:review", args=[partnership.pk])


def _figures(
    partnership: Partnership, assessment: CostBenefitAssessment | None, values: Any = None
) -> dict[str, Any]:
    """The figures to show: a completed review's stored ones, else computed now."""
    if assessment is None:
        return {"figures": {}, "error": "", "live": False, "rates": {}}
    if assessment.status == CostBenefitAssessment.Status.COMPLETED and values is None:
        return {
            "figures": wording.readable(assessment.figures),
            "error": "",
            "live": False,
            "rates": assessment.figures.get("rates_used", {}),
        }
    computation = selectors.compute(partnership, values or selectors.Values.of(assessment))
    rates = {
        g: {
            "daily_rate_usd": str(r.daily_rate_usd),
            "valid_from": r.valid_from.isoformat(),
            "source": r.source,
            "owner": r.entity.acronym if r.entity else _("UN system"),
        }
        for g, r in computation.rates.items()
    }
    if computation.error is not None:
        return {
            "figures": {},
            "error": wording.error_words(computation.error),
            "live": True,
            "rates": rates,
        }
    return {
        "figures": wording.readable(computation.figures()),
        "error": "",
        "live": True,
        "rates": rates,
    }


def _permissions(user: Any, partnership: Partnership, assessment: Any) -> dict[str, bool]:
    may = user.has_perm("appraisals.change_assessment", partnership)
    status = partnership.status
    draft = assessment is not None and assessment.status == CostBenefitAssessment.Status.DRAFT
    completed = assessment is not None and not draft
    return {
        "can_start": may and assessment is None and status in services.PREPARING_STATES,
        "can_edit": may and draft and status in services.PREPARING_STATES,
        "can_complete": may and draft and status == services.COMPLETING_STATE,
        "can_reopen": may and completed and status == services.COMPLETING_STATE,
    }


def _render_review(
    request: HttpRequest,
    partnership: Partnership,
    *,
    form: AssessmentForm | None = None,
    formset: Any = None,
    complete_form: CompleteForm | None = None,
    values: selectors.Values | None = None,
    status: int = 200,
) -> HttpResponse:
    assessment = selectors.assessment_of(partnership)
    allowed = _permissions(request.user, partnership, assessment)
    shown = _figures(partnership, assessment, values)
    rates = selectors.rates_in_force(partnership.lead_entity)
    if allowed["can_edit"] and assessment is not None:
        form = form or AssessmentForm(
            initial={
                "legal_admin_costs_usd": assessment.legal_admin_costs_usd,
                "cofinancing_usd": assessment.cofinancing_usd,
                "people_reached": assessment.people_reached,
                "other_benefits": assessment.other_benefits,
            }
        )
        formset = formset or staff_days_formset(rates, assessment.staff_days)
    if allowed["can_complete"] and complete_form is None:
        complete_form = CompleteForm(
            initial={"recommendation": shown["figures"].get("recommendation")}
        )
    used = set(assessment.staff_days) if assessment is not None else set()
    context = {
        "partnership": partnership,
        "assessment": assessment,
        **allowed,
        **shown,
        "form": form,
        "formset": formset,
        "complete_form": complete_form if allowed["can_complete"] else None,
        "reopen_form": ReopenForm() if allowed["can_reopen"] else None,
        "grades_without_rate": sorted(used - set(rates)),
        "can_manage_settings": request.user.has_perm("appraisals.view_settings"),
    }
    return render(request, "appraisals/review.html", context, status=status)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    if request.method != "POST":
        return _render_review(request, partnership)
    assessment = selectors.assessment_of(partnership)
    if assessment is None or not request.user.has_perm("appraisals.change_assessment", partnership):
        raise PermissionDenied(
            _("Only focal points of %(entity)s can work on this cost–benefit review.")
            % {"entity": partnership.lead_entity.acronym}
        )
    rates = selectors.rates_in_force(partnership.lead_entity)
    adding_row = "add_row" in request.POST
    form = AssessmentForm(request.POST)
    formset = staff_days_formset(
        rates, assessment.staff_days, data=request.POST, extra_rows=1 if adding_row else 0
    )
    if adding_row:
        # Without JavaScript, "another row" re-renders the form with one more empty row.
        formset.is_valid()
        return _render_review(request, partnership, form=form, formset=formset)
    if form.is_valid() and formset.is_valid():
        try:
            services.assessment_update(
                assessment=assessment, actor=request.user, data=form.service_data(formset)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cost–benefit review saved; the figures are updated."))
            return redirect(_review_url(partnership))
    return _render_review(request, partnership, form=form, formset=formset, status=400)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures for the values in the form, not saved (htmx, on each change)."""
    partnership = _partnership_or_404(request, pk)
    assessment = selectors.assessment_of(partnership)
    if assessment is None:
        raise Http404(_("The cost–benefit review of this partnership is not started."))
    rates = selectors.rates_in_force(partnership.lead_entity)
    form = AssessmentForm(request.POST)
    formset = staff_days_formset(rates, assessment.staff_days, data=request.POST)
    if not (form.is_valid() and formset.is_valid()):
        return render(
            request,
            "appraisals/_figures.html",
            {"error": _("Correct the highlighted entries to see the figures."), "live": True},
            status=400,
        )
    data = form.service_data(formset)
    values = selectors.Values(
        staff_days=staff_days_of(formset),
        legal_admin_costs_usd=data["legal_admin_costs_usd"],
        cofinancing_usd=data["cofinancing_usd"],
        people_reached=data["people_reached"],
    )
    shown = _figures(partnership, assessment, values)
    return render(request, "appraisals/_figures.html", {"partnership": partnership, **shown})


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    try:
        services.assessment_start(partnership=partnership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Cost–benefit review started."))
    return redirect(_review_url(partnership))


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    assessment = selectors.assessment_of(partnership)
    if assessment is None:
        raise Http404(_("The cost–benefit review of this partnership is not started."))
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_complete(
                assessment=assessment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cost–benefit review completed."))
            return redirect(_review_url(partnership))
    elif not request.user.has_perm("appraisals.change_assessment", partnership):
        raise PermissionDenied(_("You may not complete this cost–benefit review."))
    return _render_review(request, partnership, complete_form=form, status=400)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    assessment = selectors.assessment_of(partnership)
    if assessment is None:
        raise Http404(_("The cost–benefit review of this partnership is not started."))
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.assessment_reopen(assessment=assessment, actor=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Cost–benefit review reopened as a draft."))
    return redirect(_review_url(partnership))


# --- Rates and thresholds ---------------------------------------------------------------------


def _manages(user: Any) -> bool:
    return bool(is_administrator(user) or is_system_coordinator(user))


def _editable_scopes(user: Any) -> list[UNEntity | None]:
    """The thresholds this user sets: the system's and any entity's for managers, else their
    own entities'."""
    own = list(
        UNEntity.objects.filter(pk__in=entity_ids_for(user, Role.FOCAL_POINT)).order_by("acronym")
    )
    return [None, *own] if _manages(user) else list(own)


def _scope(request: HttpRequest, value: str) -> UNEntity | None:
    if value in ("", "system"):
        return None
    entity = UNEntity.objects.filter(slug=value).first()
    if entity is None:
        raise Http404(_("No such UN entity."))
    return entity


def _render_settings(
    request: HttpRequest,
    *,
    rate_form: StaffRateForm | None = None,
    thresholds_form: ThresholdsForm | None = None,
    scope: UNEntity | None = None,
    scope_given: bool = False,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if not user.has_perm("appraisals.view_settings"):
        raise PermissionDenied(
            _(
                "Rates and thresholds are set by administrators, the system coordinator and "
                "focal points."
            )
        )
    manages = _manages(user)
    if not scope_given:
        if "scope" in request.GET:
            scope = _scope(request, request.GET["scope"])
        else:
            scopes = _editable_scopes(user)
            scope = scopes[0] if scopes else None
    may_edit = user.has_perm("appraisals.set_thresholds", scope)
    current = selectors.thresholds_for(scope)
    if may_edit and thresholds_form is None:
        thresholds_form = ThresholdsForm(
            initial={f: getattr(current, f) for f in services.THRESHOLD_FIELDS}
        )
    entities = None if manages else UNEntity.objects.filter(pk__in=entity_ids_for(user))
    context = {
        "rates": selectors.rate_rows(),
        "thresholds": selectors.thresholds_rows(),
        "current_thresholds": current,
        "scope": scope,
        "scope_key": scope.slug if scope else "system",
        "editable_scopes": [
            {"key": e.slug if e else "system", "label": e.acronym if e else _("UN system")}
            for e in _editable_scopes(user)
        ],
        "rate_form": rate_form
        or (StaffRateForm() if user.has_perm("appraisals.set_rates") else None),
        "thresholds_form": thresholds_form if may_edit else None,
        "grades_without_rate": selectors.grades_without_rate(entities),
        "all_entities": UNEntity.objects.order_by("acronym").only("slug", "acronym")
        if manages
        else None,
    }
    return render(request, "appraisals/settings.html", context, status=status)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return _render_settings(request)


@login_required
@require_POST
def rate_set(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("appraisals.set_rates"):
        raise PermissionDenied(_("Only administrators and the system coordinator set staff rates."))
    form = StaffRateForm(request.POST)
    if form.is_valid():
        try:
            services.staff_rate_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Staff rate saved."))
            return redirect("appraisals:settings")
    return _render_settings(request, rate_form=form, status=400)


@login_required
@require_POST
def thresholds_update(request: HttpRequest) -> HttpResponse:
    scope = _scope(request, request.POST.get("scope", ""))
    if not request.user.has_perm("appraisals.set_thresholds", scope):
        raise PermissionDenied(_("You may not set these thresholds."))
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            services.thresholds_update(actor=request.user, entity=scope, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect(
                reverse("appraisals:settings") + f"?scope={scope.slug if scope else 'system'}"
            )
    return _render_settings(
        request, thresholds_form=form, scope=scope, scope_given=True, status=400
    )
