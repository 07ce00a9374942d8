"""Reads of partnerships."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.core.models import AuditEvent
from partnerhub.core.selectors import audit_events_for
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.results.models import ProgressReport
from partnerhub.screening.models import Screening

APPROVING_DECISIONS = (Screening.Decision.APPROVE, Screening.Decision.APPROVE_WITH_CONDITIONS)


def partnerships_visible_to(user: Any) -> QuerySet[Partnership]:
    """The list a user may read (see rules.py for the policy it mirrors)."""
    partnerships = Partnership.objects.select_related(
        "lead_entity", "partnership_type"
    ).prefetch_related(
        Prefetch(
            "partners",
            queryset=PartnershipPartner.objects.select_related("organisation"),
        )
    )
    if is_administrator(user) or is_system_coordinator(user):
        return partnerships
    visible = Q(created_by_id=user.pk)
    if is_un_staff(user):
        entities = entity_ids_for(user)
        visible |= (
            ~Q(status=Partnership.Status.DRAFT)
            | Q(lead_entity_id__in=entities)
            | Q(participating_entities__in=entities)
        )
    organisations = organisation_ids_for(user)
    if organisations:
        visible |= Q(partners__organisation_id__in=organisations)
    matching = Partnership.objects.filter(visible).values("pk")
    return partnerships.filter(pk__in=matching)


# What the public sees: signed partnerships (current or past) that are not marked UN-only.
PUBLIC_STATES = (
    Partnership.Status.ACTIVE,
    Partnership.Status.CLOSING,
    Partnership.Status.CLOSED,
)


def public_partnerships() -> QuerySet[Partnership]:
    """Partnerships anyone may read: the public portal, open data and search use this one
    definition, so a UN-only or unsigned partnership can never leak through one of them."""
    return Partnership.objects.filter(
        status__in=PUBLIC_STATES,
        confidentiality=Partnership.Confidentiality.PUBLIC_ONCE_SIGNED,
    )


def running_in_year(year: int) -> Q:
    """Partnerships running in `year`: started (or, without a start date, signed) by its end,
    and not ended before it began. The public list and the open data filter by this."""
    return (Q(starts_on__year__lte=year) | Q(starts_on__isnull=True, signed_on__year__lte=year)) & (
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )


def documents_of(partnership: Partnership, *, public_only: bool = False) -> list[Any]:
    from partnerhub.partnerships.models import PartnershipDocument

    documents = PartnershipDocument.objects.filter(partnership=partnership)
    if public_only:
        documents = documents.filter(is_public=True)
    return list(documents)


def partnership_detail(pk: int) -> Partnership:
    return (
        Partnership.objects.select_related(
            "lead_entity",
            "partnership_type",
            "created_by",
            "origin_need",
            "origin_offer",
            "origin_interest",
        )
        .prefetch_related("participating_entities", "countries", "sdgs", "sdg_targets")
        .get(pk=pk)
    )


def partners_of(partnership: Partnership) -> QuerySet[PartnershipPartner]:
    return partnership.partners.select_related("organisation")


def contributions_of(partnership: Partnership) -> QuerySet[Contribution]:
    return partnership.contributions.select_related("partner__organisation", "entity")


def contribution_totals(contributions: Any) -> list[dict[str, Any]]:
    """Totals per kind and currency: sums of different currencies are never added together."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    labels: dict[str, str] = {}
    for contribution in contributions:
        totals[(contribution.kind, contribution.currency)] += contribution.amount
        labels[contribution.kind] = contribution.get_kind_display()
    order = list(Contribution.Kind.values)
    return [
        {"kind": kind, "label": labels[kind], "currency": currency, "amount": amount}
        for (kind, currency), amount in sorted(
            totals.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
        )
    ]


def approved_screening(organisation: Organisation) -> Screening | None:
    """A completed, approving screening still valid today, of the organisation as it is now."""
    from partnerhub.screening.services import subjects_key

    return (
        Screening.objects.filter(
            organisation=organisation,
            subjects_key=subjects_key(organisation),
            status=Screening.Status.COMPLETED,
            decision__in=APPROVING_DECISIONS,
            valid_until__gte=timezone.localdate(),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def latest_screening(organisation: Organisation) -> Screening | None:
    return (
        Screening.objects.filter(organisation=organisation).order_by("-created_at", "-id").first()
    )


def clearance_problem(organisation: Organisation) -> str:
    """Why the organisation is not cleared by a valid, approved screening; empty when it is."""
    if approved_screening(organisation) is not None:
        return ""
    screening = latest_screening(organisation)
    if screening is None:
        return _("not screened yet")
    if screening.status != Screening.Status.COMPLETED:
        return _("its screening is still in review")
    if screening.decision not in APPROVING_DECISIONS:
        return _("its screening was decided: %(decision)s") % {
            "decision": screening.get_decision_display().lower()
        }
    if screening.valid_until is None or screening.valid_until < timezone.localdate():
        return _("its screening expired")
    return _("its names, registration or people changed since it was screened")


def screening_status(partnership: Partnership) -> list[dict[str, Any]]:
    """For each private partner: the screening to show and whether it clears the partner."""
    rows = []
    for partner in partners_of(partnership).filter(role=PartnershipPartner.Role.PRIVATE):
        approved = approved_screening(partner.organisation)
        rows.append(
            {
                "partner": partner,
                "screening": approved or latest_screening(partner.organisation),
                "cleared": approved is not None,
                "problem": "" if approved else clearance_problem(partner.organisation),
            }
        )
    return rows


def timeline(partnership: Partnership) -> QuerySet[AuditEvent]:
    return audit_events_for(partnership)


def accepted_report_bounds(partnership: Partnership) -> tuple[Any, Any]:
    """(first period start, last period end) of the partnership's accepted progress reports,
    (None, None) without any: its dates may not be moved inside what was reported on."""
    bounds = ProgressReport.objects.filter(
        partnership=partnership, status=ProgressReport.Status.ACCEPTED
    ).aggregate(first=Min("period_start"), last=Max("period_end"))
    return bounds["first"], bounds["last"]


def report_periods(partnership: Partnership) -> list[tuple[Any, Any]]:
    """The (start, end) periods of the partnership's periodic (non-final) progress reports."""
    return list(
        ProgressReport.objects.filter(partnership=partnership, is_final=False).values_list(
            "period_start", "period_end"
        )
    )
