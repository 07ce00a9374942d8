"""Writes of partnerships. Every service checks the actor's permission, runs in one
transaction, records an AuditEvent on the partnership (its timeline), and notifies people
only after commit."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
)
from partnerhub.appraisals import selectors as appraisal_selectors
from partnerhub.coordination.services import engagement_started
from partnerhub.core import filecheck
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, Offer, OfferRoute
from partnerhub.notifications.services import notify
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships import dates, selectors, workflows
from partnerhub.partnerships.models import (
    Contribution,
    Partnership,
    PartnershipDocument,
    PartnershipPartner,
)
from partnerhub.partnerships.workflows import Actor, Guard
from partnerhub.results import selectors as result_selectors
from partnerhub.results.services import reports_schedule
from partnerhub.screening.models import ListVersion, Screening
from partnerhub.vocabularies.data_files import active_currencies

MAX_NOTE = 2000
PLAIN_FIELDS = (
    "title",
    "summary",
    "partnership_type",
    "starts_on",
    "ends_on",
    "confidentiality",
)
M2M_FIELDS = ("participating_entities", "countries", "sdgs", "sdg_targets")
ACTOR_LABELS = {
    Actor.FOCAL_POINT: gettext_lazy("focal points of the lead entity"),
    Actor.SCREENING_OFFICER: gettext_lazy("screening officers of the lead entity"),
    Actor.LEGAL_OFFICER: gettext_lazy("legal officers of the lead entity"),
    Actor.COORDINATOR: gettext_lazy("the system coordinator"),
    Actor.ADMINISTRATOR: gettext_lazy("administrators"),
}


def _require(actor: Any, perm: str, obj: Any = None, message: str = "") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def actors_for(user: Any, partnership: Partnership) -> set[Actor]:
    """The workflow roles `user` holds on this partnership."""
    held = set()
    entity = partnership.lead_entity_id
    if entity in entity_ids_for(user, Role.FOCAL_POINT):
        held.add(Actor.FOCAL_POINT)
    if entity in entity_ids_for(user, Role.SCREENING_OFFICER):
        held.add(Actor.SCREENING_OFFICER)
    if entity in entity_ids_for(user, Role.LEGAL_OFFICER):
        held.add(Actor.LEGAL_OFFICER)
    if is_system_coordinator(user):
        held.add(Actor.COORDINATOR)
    if is_administrator(user):
        held.add(Actor.ADMINISTRATOR)
    return held


def _people_concerned(partnership: Partnership) -> list[Any]:
    """The lead entity's focal points and the partner organisations' representatives: the
    partners are parties to the partnership whatever its confidentiality towards the public."""
    organisations = partnership.partners.values_list("organisation_id", flat=True)
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.FOCAL_POINT, un_entity_id=partnership.lead_entity_id
        ).select_related("user")
    ] + [
        m.user
        for m in Membership.objects.filter(
            role=Role.COMPANY_REP, organisation_id__in=list(organisations)
        ).select_related("user")
    ]


def _next_movers(partnership: Partnership) -> list[Any]:
    """The lead entity's screening and legal officers whose role makes a next move from the
    partnership's new state: they must hear that it is now their turn."""
    roles = {
        Actor.SCREENING_OFFICER: Role.SCREENING_OFFICER,
        Actor.LEGAL_OFFICER: Role.LEGAL_OFFICER,
    }
    wanted = {
        roles[actor]
        for (frm, to), move in workflows.TRANSITIONS.items()
        if frm == partnership.status and to not in workflows.FINAL_STATES
        for actor in move.actors
        if actor in roles
    }
    if not wanted:
        return []
    return [
        m.user
        for m in Membership.objects.filter(
            role__in=wanted, un_entity_id=partnership.lead_entity_id
        ).select_related("user")
    ]


def _check_data(data: dict[str, Any], current: Partnership | None = None) -> None:
    starts = data["starts_on"] if "starts_on" in data else getattr(current, "starts_on", None)
    ends = data["ends_on"] if "ends_on" in data else getattr(current, "ends_on", None)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if "sdg_targets" in data:
        goals = (
            {g.pk for g in data.get("sdgs") or []}
            if "sdgs" in data
            else {g.pk for g in current.sdgs.all()}
            if current is not None
            else set()
        )
        stray = [t.code for t in data["sdg_targets"] or [] if t.goal_id not in goals]
        if stray:
            raise ValidationError(
                {
                    "sdg_targets": _("Targets %(codes)s belong to goals not chosen above.")
                    % {"codes": ", ".join(sorted(stray))}
                }
            )


def _apply(partnership: Partnership, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in PLAIN_FIELDS:
        if name in data and getattr(partnership, name) != data[name]:
            setattr(partnership, name, data[name])
            changed.append(name)
    partnership.full_clean(exclude=["created_by", "origin_need", "origin_offer", "origin_interest"])
    partnership.save()
    for name in M2M_FIELDS:
        if name in data:
            manager = getattr(partnership, name)
            before = {o.pk for o in manager.all()}
            after = {o.pk for o in data[name]}
            if before != after:
                manager.set(data[name])
                changed.append(name)
    return changed


# --- Proposals --------------------------------------------------------------------------------


def _offer_contributions(offer: Offer | None) -> list[tuple[str, Decimal, str]]:
    if offer is None:
        return []
    found: list[tuple[str, Decimal, str]] = []
    if offer.cash_value_usd:
        found.append((Contribution.Kind.CASH, offer.cash_value_usd, "USD"))
    if offer.in_kind_value_usd:
        found.append((Contribution.Kind.IN_KIND, offer.in_kind_value_usd, "USD"))
    if offer.pro_bono_hours:
        found.append((Contribution.Kind.PRO_BONO_HOURS, Decimal(offer.pro_bono_hours), ""))
    return found


@dataclass
class _Prefill:
    origin: str
    lead: UNEntity
    listing: Need | Offer | None = None
    organisation: Organisation | None = None
    offer: Offer | None = None
    need: Need | None = None
    interest: Interest | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def _prefill(
    actor: Any,
    *,
    interest: Interest | None,
    route: OfferRoute | None,
    need: Need | None,
    entity: UNEntity | None,
) -> _Prefill:
    if sum(x is not None for x in (interest, route, need, entity)) != 1:
        raise ValidationError(_("Open a proposal from one interest, offer, need or entity."))
    if interest is not None:
        _require(
            actor,
            "partnerships.propose_from_interest",
            interest,
            _(
                "Only the parties to an open or accepted interest can propose a partnership "
                "from it."
            ),
        )
        offer = interest.offer or interest.proposed_offer
        return _Prefill(
            origin=Partnership.Origin.INTEREST,
            lead=interest.entity,
            listing=interest.listing,
            organisation=interest.organisation,
            offer=offer,
            need=interest.need,
            interest=interest,
        )
    if route is not None:
        _require(
            actor,
            "partnerships.propose_from_route",
            route,
            _(
                "Only focal points of %(entity)s can propose a partnership from an offer they "
                "are discussing."
            )
            % {"entity": route.entity.acronym},
        )
        return _Prefill(
            origin=Partnership.Origin.OFFER,
            lead=route.entity,
            listing=route.offer,
            organisation=route.offer.organisation,
            offer=route.offer,
        )
    if need is not None:
        _require(
            actor,
            "partnerships.propose_from_need",
            need,
            _("Only focal points of %(entity)s can propose a partnership from this need.")
            % {"entity": need.entity.acronym},
        )
        return _Prefill(origin=Partnership.Origin.NEED, lead=need.entity, listing=need, need=need)
    assert entity is not None
    if entity.pk not in entity_ids_for(actor, Role.FOCAL_POINT):
        raise PermissionDenied(_("You can propose partnerships only for your own entity."))
    return _Prefill(origin=Partnership.Origin.DIRECT, lead=entity)


def partnership_propose(
    *,
    actor: Any,
    interest: Interest | None = None,
    route: OfferRoute | None = None,
    need: Need | None = None,
    entity: UNEntity | None = None,
    data: dict[str, Any] | None = None,
) -> Partnership:
    """Open a draft partnership, pre-filled from where it comes from: an interest (either
    side may), an offer a focal point is discussing (their entity leads), a need (its entity's
    focal points, who add the partners afterwards) or nothing (`entity` leads)."""
    prefill = _prefill(actor, interest=interest, route=route, need=need, entity=entity)
    data = dict(data or {})
    listing = prefill.listing
    if listing is not None:
        data.setdefault("title", listing.title[:200])
        data.setdefault("summary", listing.description)
        data.setdefault("sdgs", list(listing.sdgs.all()))
        data.setdefault("sdg_targets", list(listing.sdg_targets.all()))
        data.setdefault("countries", list(listing.countries.all()))
        data.setdefault("starts_on", listing.starts_on)
        data.setdefault("ends_on", listing.ends_on)
        if isinstance(listing, Need) and listing.visibility == "un_only":
            data.setdefault("confidentiality", Partnership.Confidentiality.UN_ONLY)
    if not data.get("title"):
        raise ValidationError({"title": _("Give the partnership a title.")})
    _check_data(data)
    with transaction.atomic(durable=True):
        partnership = Partnership(
            lead_entity=prefill.lead,
            origin=prefill.origin,
            origin_need=prefill.need,
            origin_offer=prefill.offer,
            origin_interest=prefill.interest,
            created_by=actor,
        )
        _apply(partnership, data)
        partner = None
        if prefill.organisation is not None:
            partner = PartnershipPartner.objects.create(
                partnership=partnership,
                organisation=prefill.organisation,
                role=PartnershipPartner.Role.PRIVATE,
            )
            for kind, amount, currency in _offer_contributions(prefill.offer):
                Contribution.objects.create(
                    partnership=partnership,
                    partner=partner,
                    kind=kind,
                    amount=amount,
                    currency=currency,
                    description=_("From the offer “%(title)s”") % {"title": prefill.offer.title}
                    if prefill.offer
                    else "",
                )
        if prefill.organisation is not None:
            engagement_started(
                entity=partnership.lead_entity,
                organisation=prefill.organisation,
                kind="partnership",
                target=partnership,
                actor=actor,
            )
        audit_record(
            actor=actor,
            verb="partnership.proposed_draft",
            target=partnership,
            details={
                "origin": prefill.origin,
                "need": prefill.need.pk if prefill.need else None,
                "offer": prefill.offer.pk if prefill.offer else None,
                "interest": prefill.interest.pk if prefill.interest else None,
                "partner": prefill.organisation.pk if prefill.organisation else None,
            },
        )
        notify(
            users=[u for u in _people_concerned(partnership) if u.pk != actor.pk],
            verb="partnership.draft_opened",
            title=_("A partnership proposal was opened: %(title)s") % {"title": partnership.title},
            url=partnership.get_absolute_url(),
        )
    return partnership


# --- Editing ----------------------------------------------------------------------------------


def _require_editable(partnership: Partnership, actor: Any) -> None:
    _require(
        actor,
        "partnerships.change_partnership",
        partnership,
        _("Only focal points of the lead entity can change this partnership."),
    )
    if partnership.status not in workflows.EDITABLE_STATES:
        raise ValidationError(
            _("This partnership is %(status)s; it can be changed only as a draft or a proposal.")
            % {"status": partnership.get_status_display().lower()}
        )


def partnership_update(
    *, partnership: Partnership, actor: Any, data: dict[str, Any]
) -> Partnership:
    _require_editable(partnership, actor)
    _check_data(data, partnership)
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _require_editable(partnership, actor)
        changed = _apply(partnership, data)
        audit_record(
            actor=actor, verb="partnership.updated", target=partnership, details={"fields": changed}
        )
    return partnership


DATE_FIELDS = frozenset({"starts_on", "ends_on"})


def _require_dates_editable(partnership: Partnership, actor: Any) -> None:
    _require(
        actor,
        "partnerships.change_partnership",
        partnership,
        _("Only focal points of the lead entity can change this partnership."),
    )
    if partnership.status not in workflows.DATES_EDITABLE_STATES:
        raise ValidationError(
            _(
                "This partnership is %(status)s; its dates can be changed only in review, "
                "agreement, active or closing."
            )
            % {"status": partnership.get_status_display().lower()}
        )


def can_change_dates(user: Any, partnership: Partnership) -> bool:
    """Whether the page offers `user` the "Change dates" form (past the proposal)."""
    return partnership.status in workflows.DATES_EDITABLE_STATES and user.has_perm(
        "partnerships.change_partnership", partnership
    )


def _check_dates(partnership: Partnership, starts_on: Any, ends_on: Any) -> None:
    errors: dict[str, str] = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    first, last = selectors.accepted_report_bounds(partnership)
    if first is not None and starts_on is not None and starts_on > first:
        errors["starts_on"] = _(
            "The start date cannot be after %(date)s: an accepted progress report covers "
            "the period from then."
        ) % {"date": first.isoformat()}
    if last is not None and ends_on is not None and ends_on < last:
        errors.setdefault(
            "ends_on",
            _(
                "The end date cannot be before %(date)s: an accepted progress report covers "
                "the period up to then."
            )
            % {"date": last.isoformat()},
        )
    if errors:
        raise ValidationError(errors)


def partnership_dates_change(
    *, partnership: Partnership, actor: Any, starts_on: Any, ends_on: Any
) -> list[str]:
    """Change only the start and end dates of a partnership past its proposal (review,
    agreement, active or closing); returns the names of the fields that changed.

    The dates may not leave out a period already reported on and accepted. An active
    partnership's progress-report schedule follows when that is safe (see dates.py): then
    results.services.reports_schedule adds the reports the new dates call for. Otherwise, and
    for a closing partnership (whose final report is already scheduled), the reports stay as
    they are; the audit event says which happened ("schedule_followed")."""
    _require_dates_editable(partnership, actor)
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _require_dates_editable(partnership, actor)
        before = {"starts_on": partnership.starts_on, "ends_on": partnership.ends_on}
        after = {"starts_on": starts_on, "ends_on": ends_on}
        changed = [name for name in ("starts_on", "ends_on") if before[name] != after[name]]
        if not changed:
            return []
        _check_dates(partnership, starts_on, ends_on)
        partnership.starts_on, partnership.ends_on = starts_on, ends_on
        partnership.save(update_fields=["starts_on", "ends_on", "updated_at"])
        followed = False
        if partnership.status == Partnership.Status.ACTIVE and dates.schedule_can_follow(
            starts_on=starts_on,
            ends_on=ends_on,
            signed_on=partnership.signed_on,
            frequencies=list(partnership.kpis.values_list("reporting_frequency", flat=True)),
            existing=selectors.report_periods(partnership),
            today=timezone.localdate(),
        ):
            reports_schedule(partnership=partnership)
            followed = True

        def _iso(day: Any) -> str | None:
            return day.isoformat() if day else None

        audit_record(
            actor=actor,
            verb="partnership.dates_changed",
            target=partnership,
            details={
                "name": f"{_iso(starts_on) or '—'} – {_iso(ends_on) or '—'}",
                "fields": changed,
                "before": {name: _iso(value) for name, value in before.items()},
                "after": {name: _iso(value) for name, value in after.items()},
                "schedule_followed": followed,
            },
        )
    return changed


def partner_add(
    *, partnership: Partnership, actor: Any, organisation: Organisation, role: str
) -> PartnershipPartner:
    _require_editable(partnership, actor)
    if role not in PartnershipPartner.Role.values:
        raise ValidationError({"role": _("Unknown partner role.")})
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if partnership.partners.filter(organisation=organisation).exists():
            raise ValidationError(
                {"organisation": _("%(name)s is already a partner.") % {"name": organisation}}
            )
        partner = PartnershipPartner.objects.create(
            partnership=partnership, organisation=organisation, role=role
        )
        engagement_started(
            entity=partnership.lead_entity,
            organisation=organisation,
            kind="partnership",
            target=partnership,
            actor=actor,
        )
        audit_record(
            actor=actor,
            verb="partnership.partner_added",
            target=partnership,
            details={"organisation": organisation.pk, "name": str(organisation), "role": role},
        )
    return partner


def partner_remove(*, partner: PartnershipPartner, actor: Any) -> None:
    partnership = partner.partnership
    _require_editable(partnership, actor)
    with transaction.atomic(durable=True):
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        audit_record(
            actor=actor,
            verb="partnership.partner_removed",
            target=partnership,
            details={"organisation": partner.organisation_id, "name": str(partner.organisation)},
        )
        partner.delete()


@functools.cache
def _currencies() -> frozenset[str]:
    return active_currencies()


def contribution_add(*, partnership: Partnership, actor: Any, data: dict[str, Any]) -> Contribution:
    """`data`: kind, amount, currency (ignored for hours), description, and either a
    `partner` of this partnership or a UN `entity` taking part in it."""
    _require_editable(partnership, actor)
    partner, entity = data.get("partner"), data.get("entity")
    if (partner is None) == (entity is None):
        raise ValidationError(_("Choose either a partner organisation or a UN entity."))
    if partner is not None and partner.partnership_id != partnership.pk:
        raise ValidationError({"partner": _("That organisation is not a partner here.")})
    if entity is not None and entity.pk not in {
        partnership.lead_entity_id,
        *partnership.participating_entities.values_list("pk", flat=True),
    }:
        raise ValidationError(
            {"entity": _("That UN entity does not take part in this partnership.")}
        )
    kind = data.get("kind")
    amount = data.get("amount")
    if kind not in Contribution.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of contribution.")})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    currency = (data.get("currency") or "").upper()
    if kind == Contribution.Kind.PRO_BONO_HOURS:
        currency = ""
    elif currency not in _currencies():
        raise ValidationError(
            {
                "currency": _("“%(code)s” is not an ISO 4217 currency code in use.")
                % {"code": currency}
            }
        )
    with transaction.atomic(durable=True):
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        contribution = Contribution.objects.create(
            partnership=partnership,
            partner=partner,
            entity=entity,
            kind=kind,
            amount=amount,
            currency=currency,
            description=data.get("description", ""),
        )
        audit_record(
            actor=actor,
            verb="partnership.contribution_added",
            target=partnership,
            details={
                "contributor": contribution.contributor,
                "kind": kind,
                "amount": str(amount),
                "currency": currency,
            },
        )
    return contribution


def contribution_remove(*, contribution: Contribution, actor: Any) -> None:
    partnership = contribution.partnership
    _require_editable(partnership, actor)
    with transaction.atomic(durable=True):
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        audit_record(
            actor=actor,
            verb="partnership.contribution_removed",
            target=partnership,
            details={
                "contributor": contribution.contributor,
                "kind": contribution.kind,
                "amount": str(contribution.amount),
                "currency": contribution.currency,
            },
        )
        contribution.delete()


# --- Lifecycle --------------------------------------------------------------------------------


@dataclass
class ScreeningOutcome:
    organisation: Organisation
    screening: Screening | None
    reused: bool
    problem: str = ""


@dataclass
class TransitionOutcome:
    partnership: Partnership
    screenings: list[ScreeningOutcome] = field(default_factory=list)


def _private_partners(partnership: Partnership) -> list[PartnershipPartner]:
    return list(
        partnership.partners.filter(role=PartnershipPartner.Role.PRIVATE).select_related(
            "organisation"
        )
    )


def _check_guard(guard: Guard | None, partnership: Partnership) -> None:
    if guard is None:
        return
    if guard == Guard.PROPOSAL_COMPLETE:
        missing = []
        if not partnership.summary.strip():
            missing.append(_("write a summary"))
        if not _private_partners(partnership):
            missing.append(_("add at least one private partner"))
        if missing:
            raise ValidationError(
                _("Before proposing, %(missing)s.") % {"missing": _(" and ").join(missing)}
            )
    elif guard == Guard.SCREENING_CAN_START:
        partners = _private_partners(partnership)
        if not partners:
            raise ValidationError(_("Add at least one private partner to screen."))
        unscreened = [
            str(p.organisation) for p in partners if not _screening_on_file(p.organisation)
        ]
        if unscreened and not ListVersion.objects.filter(is_current=True).exists():
            raise ValidationError(
                _(
                    "%(names)s cannot be screened: no sanctions list has been imported yet. "
                    "Ask a screening officer to import the UN list."
                )
                % {"names": ", ".join(unscreened)}
            )
    elif guard == Guard.PARTNERS_CLEARED:
        problems = [
            f"{p.organisation}: {problem}"
            for p in _private_partners(partnership)
            if (problem := selectors.clearance_problem(p.organisation))
        ]
        if problems:
            raise ValidationError(
                _(
                    "Due diligence passes only with a valid, approved screening of every private "
                    "partner. Not yet cleared: %(problems)s."
                )
                % {"problems": "; ".join(problems)}
            )
    elif guard == Guard.COST_BENEFIT_AND_KPIS:
        problems = [
            problem
            for problem in (
                appraisal_selectors.assessment_problem(partnership),
                result_selectors.design_kpi_problem(partnership),
            )
            if problem
        ]
        if problems:
            raise ValidationError(
                _(
                    "The review needs a completed cost–benefit assessment and at least one "
                    "outcome- or impact-level KPI with baseline and target. Missing: "
                    "%(problems)s."
                )
                % {"problems": "; ".join(problems)}
            )
    elif guard == Guard.AGREEMENT_SIGNED:
        from partnerhub.agreements.selectors import signed_agreement

        uploaded = bool(partnership.signed_agreement) and partnership.signed_on is not None
        if not uploaded and signed_agreement(partnership) is None:
            raise ValidationError(
                _(
                    "The partnership becomes active only with its signed agreement: take the "
                    "agreement generated from the standard template to signature, or upload the "
                    "signed copy and the date of signature first."
                )
            )
    elif guard == Guard.CLOSURE_RECORDS:
        missing = result_selectors.closure_problems(partnership)
        if missing:
            raise ValidationError(
                _("Before closing, record %(missing)s.") % {"missing": "; ".join(missing)}
            )


def guard_problem(partnership: Partnership, to: str) -> str:
    """What the move to `to` still lacks, in the guard's own words; empty when nothing does.
    Pages show it beside the button, so nobody has to press it to find out."""
    move = workflows.move_for(partnership.status, to)
    if move is None:
        return ""
    try:
        _check_guard(move.guard, partnership)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _screening_on_file(organisation: Organisation) -> bool:
    """A screening that screening_request would reuse or join rather than start afresh."""
    from partnerhub.screening.services import reusable_screening

    return (
        reusable_screening(organisation) is not None
        or Screening.objects.filter(
            organisation=organisation,
            status__in=[Screening.Status.IN_REVIEW, Screening.Status.AWAITING_COSIGN],
        ).exists()
    )


def partnership_transition(
    *, partnership: Partnership, to: str, actor: Any, note: str = ""
) -> TransitionOutcome:
    """Move the partnership along its lifecycle (workflows.TRANSITIONS). Entering due
    diligence then requests a screening of each private partner, reusing valid ones."""
    _require(
        actor,
        "partnerships.view_partnership",
        partnership,
        _("You cannot see this partnership."),
    )
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    if to not in Partnership.Status.values:
        raise ValidationError(
            _("Unknown status. Use one of: %(states)s.")
            % {"states": ", ".join(Partnership.Status.values)}
        )
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        move = workflows.move_for(partnership.status, to)
        if move is None:
            raise ValidationError(
                _("A partnership cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "from": partnership.get_status_display(),
                    "to": Partnership.Status(to).label,
                }
            )
        if not move.actors & actors_for(actor, partnership):
            raise PermissionDenied(
                _("Only %(who)s can make this partnership %(to)s.")
                % {
                    "who": ", ".join(str(ACTOR_LABELS[a]) for a in Actor if a in move.actors),
                    "to": Partnership.Status(to).label.lower(),
                }
            )
        _check_guard(move.guard, partnership)
        previous = partnership.status
        partnership.status = to
        partnership.save(update_fields=["status", "updated_at"])
        if to in (Partnership.Status.ACTIVE, Partnership.Status.CLOSING):
            # Active partnerships owe periodic reports, closing ones a final report.
            reports_schedule(partnership=partnership)
        audit_record(
            actor=actor,
            verb="partnership.status_changed",
            target=partnership,
            details={"from": previous, "to": to, "note": note},
        )
        concerned = {u.pk: u for u in _people_concerned(partnership) + _next_movers(partnership)}
        notify(
            users=[u for u in concerned.values() if u.pk != actor.pk],
            verb="partnership.status_changed",
            title=_("%(title)s: %(from)s → %(to)s")
            % {
                "title": partnership.title,
                "from": Partnership.Status(previous).label,
                "to": partnership.get_status_display(),
            },
            body=note,
            url=partnership.get_absolute_url(),
        )
    outcome = TransitionOutcome(partnership=partnership)
    if to == Partnership.Status.DUE_DILIGENCE:
        outcome.screenings = _request_screenings(partnership, actor)
    return outcome


def _request_screenings(partnership: Partnership, actor: Any) -> list[ScreeningOutcome]:
    """After the move has committed: screening_request runs its own durable transaction.
    A partner that cannot be screened now is reported, not hidden; the partnership stays in
    due diligence and cannot leave it until every private partner is cleared."""
    from partnerhub.screening.services import screening_request

    outcomes = []
    for partner in _private_partners(partnership):
        try:
            screening, reused = screening_request(
                organisation=partner.organisation, entity=partnership.lead_entity, actor=actor
            )
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(getattr(exc, "messages", [str(exc)]))
            outcomes.append(ScreeningOutcome(partner.organisation, None, False, message))
        else:
            outcomes.append(ScreeningOutcome(partner.organisation, screening, reused))
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="partnership.screenings_requested",
            target=partnership,
            details={
                "screenings": [
                    {
                        "organisation": str(o.organisation),
                        "screening": o.screening.pk if o.screening else None,
                        "reused": o.reused,
                        "problem": o.problem,
                    }
                    for o in outcomes
                ]
            },
        )
    return outcomes


# --- The signed agreement ---------------------------------------------------------------------

MAX_AGREEMENT_BYTES = 20 * 1024 * 1024
AGREEMENT_FORMATS = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}


def _check_agreement_file(upload: Any) -> str:
    """The file's extension, once its size and its first bytes say it is what it claims."""
    name = (getattr(upload, "name", "") or "").lower()
    extension = next((ext for ext in AGREEMENT_FORMATS if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError({"file": _("Upload the signed agreement as a PDF or DOCX file.")})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_AGREEMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    upload.seek(0)
    head = upload.read(len(AGREEMENT_FORMATS[extension]))
    upload.seek(0)
    if head != AGREEMENT_FORMATS[extension]:
        raise ValidationError(
            {"file": _("The file is not a valid %(kind)s.") % {"kind": extension[1:].upper()}}
        )
    return extension


def agreement_upload(
    *, partnership: Partnership, actor: Any, upload: Any, signed_on: Any
) -> Partnership:
    """Record the signed agreement (until the agreement desk produces it from the standard
    templates): the legal officers of the lead entity upload the signed copy while the
    partnership is at the agreement stage; a new upload replaces the previous file, which the
    audit trail keeps the name of."""
    if not (actors_for(actor, partnership) & {Actor.LEGAL_OFFICER, Actor.ADMINISTRATOR}):
        raise PermissionDenied(
            _("Only legal officers of the lead entity can record the signed agreement.")
        )
    if partnership.status != Partnership.Status.AGREEMENT:
        raise ValidationError(
            _("The signed agreement is recorded at the agreement stage; this partnership is %(s)s.")
            % {"s": partnership.get_status_display().lower()}
        )
    if signed_on is None:
        raise ValidationError({"signed_on": _("Enter the date of signature.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signature is in the future.")})
    extension = _check_agreement_file(upload)
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        previous = partnership.signed_agreement.name or ""
        partnership.signed_agreement.save(
            f"partnership-{partnership.pk}-signed{extension}", upload, save=False
        )
        partnership.signed_on = signed_on
        partnership.save(update_fields=["signed_agreement", "signed_on", "updated_at"])
        audit_record(
            actor=actor,
            verb="partnership.agreement_uploaded",
            target=partnership,
            details={
                "file": partnership.signed_agreement.name,
                "replaced": previous,
                "signed_on": signed_on.isoformat(),
                "name": getattr(upload, "name", ""),
            },
        )
        notify(
            users=[u for u in _people_concerned(partnership) if u.pk != actor.pk],
            verb="partnership.agreement_uploaded",
            title=_("The signed agreement of %(title)s was recorded")
            % {"title": partnership.title},
            url=partnership.get_absolute_url(),
        )
    return partnership


# --- Documents -----------------------------------------------------------------------------

DOCUMENTS_REFUSED = gettext_lazy(
    "Only the lead entity's focal points, legal and M&E officers manage its documents."
)
# Documents are files people read: no CSV here.
DOCUMENT_FORMATS = tuple(ext for ext in filecheck.FORMATS if ext != ".csv")


def _require_document_staff(actor: Any, partnership: Partnership) -> None:
    if actor is None or not actor.has_perm("partnerships.manage_documents", partnership):
        raise PermissionDenied(DOCUMENTS_REFUSED)


def _file_problem(problem: filecheck.AttachmentProblem) -> str:
    if problem.problem == filecheck.Problem.EMPTY:
        return _("The file is empty.")
    if problem.problem == filecheck.Problem.TOO_BIG:
        return _("The file is larger than %(mb)d MB.") % {
            "mb": filecheck.MAX_BYTES // (1024 * 1024)
        }
    if problem.problem == filecheck.Problem.CONTENT:
        return _("The file is not a real %(kind)s file.") % {"kind": problem.extension[1:].upper()}
    return _("Upload a file in one of these formats: %(kinds)s.") % {
        "kinds": ", ".join(ext[1:].upper() for ext in DOCUMENT_FORMATS)
    }


def document_add(
    *,
    partnership: Partnership,
    actor: Any,
    title: str,
    kind: str,
    upload: Any,
    is_public: bool = False,
) -> PartnershipDocument:
    _require_document_staff(actor, partnership)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("This text is too long.")})
    if kind not in PartnershipDocument.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    name = getattr(upload, "name", "") or ""
    if filecheck.extension_of(name) not in DOCUMENT_FORMATS:
        raise ValidationError(
            {"file": _file_problem(filecheck.AttachmentProblem(filecheck.Problem.EXTENSION))}
        )
    try:
        extension = filecheck.check_attachment(name, getattr(upload, "size", 0) or 0, upload)
    except filecheck.AttachmentProblem as problem:
        raise ValidationError({"file": _file_problem(problem)}) from None
    if is_public and partnership.confidentiality == Partnership.Confidentiality.UN_ONLY:
        raise ValidationError(
            {
                "is_public": _(
                    "The partnership is confidential to UN staff, so its documents are too."
                )
            }
        )
    with transaction.atomic(durable=True):
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        document = PartnershipDocument(
            partnership=partnership,
            title=title,
            kind=kind,
            is_public=bool(is_public),
            uploaded_by=actor,
        )
        document.file.save(f"partnership-{partnership.pk}{extension}", upload, save=False)
        document.save()
        audit_record(
            actor=actor,
            verb="partnership.document_added",
            target=partnership,
            details={"document": document.pk, "title": title, "public": document.is_public},
        )
    return document


def document_set_public(
    *, document: PartnershipDocument, actor: Any, is_public: bool
) -> PartnershipDocument:
    partnership = document.partnership
    _require_document_staff(actor, partnership)
    if is_public and partnership.confidentiality == Partnership.Confidentiality.UN_ONLY:
        raise ValidationError(
            _("The partnership is confidential to UN staff, so its documents are too.")
        )
    with transaction.atomic(durable=True):
        document = PartnershipDocument.objects.select_for_update().get(pk=document.pk)
        if document.is_public == bool(is_public):
            return document
        document.is_public = bool(is_public)
        document.save(update_fields=["is_public"])
        audit_record(
            actor=actor,
            verb="partnership.document_published"
            if is_public
            else "partnership.document_unpublished",
            target=partnership,
            details={"document": document.pk, "title": document.title},
        )
    return document


def document_remove(*, document: PartnershipDocument, actor: Any) -> None:
    partnership = document.partnership
    _require_document_staff(actor, partnership)
    with transaction.atomic(durable=True):
        document = PartnershipDocument.objects.select_for_update().get(pk=document.pk)
        stored = document.file.name
        storage = document.file.storage
        audit_record(
            actor=actor,
            verb="partnership.document_removed",
            target=partnership,
            details={"document": document.pk, "title": document.title, "file": stored},
        )
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored) if stored else None)
