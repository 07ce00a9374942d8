"""Reads of agreements, the template library and the time-to-signature report."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from partnerhub.accounts.predicates import (
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.agreements import library
from partnerhub.agreements.models import (
    Agreement,
    AgreementTemplate,
    Clause,
    Deviation,
    TemplateClause,
)
from partnerhub.agreements.workflows import CURRENT_STATES, SHARED_STATES
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.selectors import partnerships_visible_to


def signed_agreement(partnership: Partnership) -> Agreement | None:
    """The partnership's signed agreement with its signed copy, if there is one: the
    partnership's lifecycle guard 'agreement signed' accepts it."""
    return (
        Agreement.objects.filter(
            partnership=partnership,
            status=Agreement.Status.SIGNED,
            signed_on__isnull=False,
        )
        .exclude(signed_copy="")
        .order_by("-signed_on", "-id")
        .first()
    )


def current_agreement(partnership: Partnership) -> Agreement | None:
    """The agreement not cancelled, if any (there is at most one at a time)."""
    return (
        Agreement.objects.filter(partnership=partnership, status__in=CURRENT_STATES)
        .select_related("template", "created_by")
        .order_by("-created_at", "-id")
        .first()
    )


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """The agreements a user may read (rules.py: view_agreement)."""
    agreements = Agreement.objects.select_related(
        "partnership__lead_entity", "template", "created_by"
    )
    if is_administrator(user) or is_system_coordinator(user):
        return agreements
    visible = Q(pk__in=[])
    partnerships = partnerships_visible_to(user).values("pk")
    if is_un_staff(user):
        visible |= Q(partnership__in=partnerships)
    organisations = organisation_ids_for(user)
    if organisations:
        visible |= Q(
            status__in=SHARED_STATES,
            partnership__partners__organisation_id__in=organisations,
        )
    return agreements.filter(pk__in=Agreement.objects.filter(visible).values("pk"))


def agreement_detail(pk: int) -> Agreement:
    return Agreement.objects.select_related(
        "partnership__lead_entity", "template", "created_by"
    ).get(pk=pk)


def clauses_of(agreement: Agreement) -> list[TemplateClause]:
    """The template's mandatory clauses and the optional ones chosen, in position order."""
    chosen = {c.pk for c in agreement.optional_clauses.all()}
    return [tc for tc in template_clauses(agreement.template) if tc.mandatory or tc.pk in chosen]


def template_clauses(template: AgreementTemplate) -> list[TemplateClause]:
    return list(
        TemplateClause.objects.filter(template=template)
        .select_related("clause")
        .order_by("position", "id")
    )


def deviations_of(agreement: Agreement) -> QuerySet[Deviation]:
    return agreement.deviations.select_related("clause", "created_by").order_by("id")


def templates_in_force() -> QuerySet[AgreementTemplate]:
    return AgreementTemplate.objects.filter(in_force=True).order_by("kind")


def template_in_force(kind: str) -> AgreementTemplate | None:
    return AgreementTemplate.objects.filter(kind=kind, in_force=True).first()


def template_library() -> QuerySet[AgreementTemplate]:
    """Every version of every kind, newest first within a kind, with their clauses."""
    return (
        AgreementTemplate.objects.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "template_clauses",
                queryset=TemplateClause.objects.select_related("clause").order_by("position", "id"),
            )
        )
        .order_by("kind", "-version")
    )


def clause_review_notes() -> dict[int, dict[str, str]]:
    """The notes of the shipped library on clauses whose wording needs a legal review
    (data/clauses.json, "review_note"), by clause id, per language. They concern the shipped
    wording: a newer version of the clause no longer carries them."""
    notes = library.review_notes()
    return {
        pk: notes[code]
        for pk, code in Clause.objects.filter(
            code__in=notes, version=library.SHIPPED_VERSION
        ).values_list("pk", "code")
    }


def clause_library() -> QuerySet[Clause]:
    return Clause.objects.filter(in_force=True).order_by("code", "-version")


# --- Time to signature ----------------------------------------------------------------------


def percentile(values: list[int], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of the values at
    or below it (so the p90 of ten agreements is the ninth fastest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


@dataclass
class SignatureFigures:
    label: str
    count: int = 0
    draft_to_signature: list[int] = field(default_factory=list)
    sent_to_signature: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.draft_to_signature) if self.draft_to_signature else None

    @property
    def p90_days(self) -> float | None:
        return percentile(self.draft_to_signature, 0.9) if self.draft_to_signature else None

    @property
    def median_sent_days(self) -> float | None:
        return statistics.median(self.sent_to_signature) if self.sent_to_signature else None

    @property
    def p90_sent_days(self) -> float | None:
        return percentile(self.sent_to_signature, 0.9) if self.sent_to_signature else None


@dataclass
class SignatureReport:
    by_template: list[SignatureFigures]
    by_entity: list[SignatureFigures]
    overall: SignatureFigures
    rows: list[dict[str, Any]]


def _add(figures: SignatureFigures, row: dict[str, Any]) -> None:
    figures.count += 1
    figures.draft_to_signature.append(row["draft_to_signature_days"])
    if row["sent_to_signature_days"] is not None:
        figures.sent_to_signature.append(row["sent_to_signature_days"])


def time_to_signature_report() -> SignatureReport:
    """How long signed agreements took, in calendar days: from the first draft (the
    agreement's creation; regenerating keeps it) to the date of signature, and from sending
    for signature to signature. Per template kind and per lead entity, with every row."""
    agreements = (
        Agreement.objects.filter(status=Agreement.Status.SIGNED, signed_on__isnull=False)
        .select_related("partnership__lead_entity", "template")
        .order_by("signed_on", "id")
    )
    kinds = dict(AgreementTemplate.Kind.choices)
    by_template: dict[str, SignatureFigures] = {}
    by_entity: dict[str, SignatureFigures] = {}
    overall = SignatureFigures(label="")
    rows = []
    for agreement in agreements:
        drafted_on = timezone.localtime(agreement.created_at).date()
        row: dict[str, Any] = {
            "agreement": agreement,
            "kind": agreement.template.kind,
            "kind_label": str(kinds.get(agreement.template.kind, agreement.template.kind)),
            "entity": agreement.partnership.lead_entity.acronym,
            "drafted_on": drafted_on,
            "sent_on": agreement.sent_on,
            "signed_on": agreement.signed_on,
            "draft_to_signature_days": (agreement.signed_on - drafted_on).days,  # type: ignore[operator]
            "sent_to_signature_days": (agreement.signed_on - agreement.sent_on).days  # type: ignore[operator]
            if agreement.sent_on
            else None,
        }
        rows.append(row)
        _add(by_template.setdefault(row["kind"], SignatureFigures(row["kind_label"])), row)
        _add(by_entity.setdefault(row["entity"], SignatureFigures(row["entity"])), row)
        _add(overall, row)
    order = list(AgreementTemplate.Kind.values)
    return SignatureReport(
        by_template=[by_template[k] for k in sorted(by_template, key=order.index)],
        by_entity=[by_entity[e] for e in sorted(by_entity)],
        overall=overall,
        rows=rows,
    )
