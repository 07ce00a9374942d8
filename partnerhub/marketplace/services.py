"""Writes of the marketplace. Every service checks the actor's permission, runs in one
transaction, records an AuditEvent, and notifies people only after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Role
from partnerhub.coordination.services import engagement_started
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import workflows
from partnerhub.marketplace.models import (
    Interest,
    Need,
    Offer,
    OfferRoute,
    RoutingProfile,
    SavedSearch,
)
from partnerhub.marketplace.workdays import add_working_days
from partnerhub.marketplace.workflows import Actor
from partnerhub.notifications.services import notify
from partnerhub.organisations.models import Organisation

MAX_NOTE = 2000
LISTING_M2M = ("resource_types", "sdgs", "sdg_targets", "countries", "regions")


def _require(actor: Any, perm: str, obj: Any = None, message: str = "") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def _focal_points(entity_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.FOCAL_POINT, un_entity_id=entity_id
        ).select_related("user")
    ]


def _representatives(organisation_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.COMPANY_REP, organisation_id=organisation_id
        ).select_related("user")
    ]


def _coordinators() -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(role=Role.SYSTEM_COORDINATOR).select_related("user")
    ]


def _check_window(data: dict[str, Any], current: Need | Offer | None = None) -> None:
    """Checks the window the listing will have: a partial update keeps the other date."""
    starts = data["starts_on"] if "starts_on" in data else getattr(current, "starts_on", None)
    ends = data["ends_on"] if "ends_on" in data else getattr(current, "ends_on", None)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})


def _check_targets(data: dict[str, Any], current: Need | Offer | None = None) -> None:
    """A target must belong to one of the chosen goals, or the listing says something it
    does not mean. A partial update is checked against the listing's other half."""
    if "sdg_targets" in data:
        targets = list(data["sdg_targets"] or [])
    elif current is not None and "sdgs" in data:
        targets = list(current.sdg_targets.all())
    else:
        targets = []
    if "sdgs" in data:
        goals = {g.pk for g in data["sdgs"] or []}
    else:
        goals = {g.pk for g in current.sdgs.all()} if current is not None else set()
    stray = [t.code for t in targets if t.goal_id not in goals]
    if stray:
        raise ValidationError(
            {
                "sdg_targets": _("Targets %(codes)s belong to goals not chosen above.")
                % {"codes": ", ".join(sorted(stray))}
            }
        )


def _apply(listing: Model, data: dict[str, Any], fields: Iterable[str]) -> list[str]:
    """Copy plain fields and many-to-many sets from validated data; return what changed."""
    changed = []
    for name in fields:
        if name in data and getattr(listing, name) != data[name]:
            setattr(listing, name, data[name])
            changed.append(name)
    # Lengths, choices and e-mail formats are checked here too, so input that bypasses a form
    # (the API, a command) gets a clear error instead of a database failure.
    listing.full_clean(exclude=["sdg_suggestions", "created_by"])
    listing.save()
    for name in (*LISTING_M2M, "themes"):
        if name in data and hasattr(listing, name):
            manager = getattr(listing, name)
            before = {o.pk for o in manager.all()}
            after = {o.pk for o in data[name]}
            if before != after:
                manager.set(data[name])
                changed.append(name)
    return changed


def _suggestions_for(listing: Need | Offer) -> list[dict[str, Any]]:
    from partnerhub.marketplace.tagging import suggest_sdgs

    return suggest_sdgs(f"{listing.title}\n{listing.description}")


# --- Needs ------------------------------------------------------------------------------------

NEED_FIELDS = (
    "title",
    "description",
    "estimated_value_usd",
    "starts_on",
    "ends_on",
    "contact_name",
    "contact_email",
    "visibility",
)


def need_create(*, entity: UNEntity, actor: Any, data: dict[str, Any], publish: bool) -> Need:
    _require(actor, "marketplace.post_need")
    if not actor.has_perm("marketplace.change_need", Need(entity=entity)):
        raise PermissionDenied(_("You can post needs only for your own entity."))
    _check_window(data)
    _check_targets(data)
    with transaction.atomic(durable=True):
        need = Need(entity=entity, created_by=actor)
        _apply(need, data, NEED_FIELDS)
        need.sdg_suggestions = _suggestions_for(need)
        need.save(update_fields=["sdg_suggestions"])
        audit_record(actor=actor, verb="need.created", target=need, details={})
        if publish:
            _need_move(need, "open", actor=actor, as_actor=Actor.OWNER)
    return need


def need_update(*, need: Need, actor: Any, data: dict[str, Any]) -> Need:
    _require(actor, "marketplace.change_need", need)
    if need.status in {Need.Status.CLOSED, Need.Status.WITHDRAWN}:
        raise ValidationError(
            _("This need is %(status)s; it can no longer be edited.")
            % {"status": need.get_status_display().lower()}
        )
    _check_window(data, need)
    _check_targets(data, need)
    with transaction.atomic(durable=True):
        need = Need.objects.select_for_update().get(pk=need.pk)
        changed = _apply(need, data, NEED_FIELDS)
        if {"title", "description"} & set(changed):
            need.sdg_suggestions = _suggestions_for(need)
            need.save(update_fields=["sdg_suggestions"])
        audit_record(actor=actor, verb="need.updated", target=need, details={"fields": changed})
    return need


def need_transition(*, need: Need, to: str, actor: Any, note: str = "") -> Need:
    _require(actor, "marketplace.change_need", need)
    with transaction.atomic(durable=True):
        need = Need.objects.select_for_update().get(pk=need.pk)
        _need_move(need, to, actor=actor, as_actor=Actor.OWNER, note=note)
    return need


def _need_move(need: Need, to: str, *, actor: Any, as_actor: Actor, note: str = "") -> None:
    if to not in Need.Status.values:
        raise ValidationError(_("Unknown status."))
    if not workflows.allowed(workflows.NEED_TRANSITIONS, need.status, to, as_actor):
        raise ValidationError(
            _("A need that is %(from)s cannot become %(to)s.")
            % {
                "from": need.get_status_display().lower(),
                "to": Need.Status(to).label.lower(),
            }
        )
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    previous = need.status
    need.status = to
    fields = ["status", "updated_at"]
    if to == Need.Status.OPEN and need.published_at is None:
        need.published_at = timezone.now()
        fields.append("published_at")
    need.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb="need.status_changed",
        target=need,
        details={"from": previous, "to": to, "note": note},
    )
    if to == Need.Status.OPEN and previous == Need.Status.DRAFT:
        _enqueue_alerts(SavedSearch.Kind.NEEDS, need.pk)
    if to in {Need.Status.FILLED, Need.Status.CLOSED, Need.Status.WITHDRAWN}:
        open_interests = list(need.interests.filter(status=Interest.Status.OPEN))
        for interest in open_interests:
            notify(
                users=[interest.created_by],
                verb="need.closed",
                title=_("A need you were interested in is now %(status)s: %(title)s")
                % {"status": Need.Status(to).label.lower(), "title": need.title},
                body=note,
                url=need.get_absolute_url(),
            )


# --- Offers -----------------------------------------------------------------------------------

OFFER_FIELDS = (
    "title",
    "description",
    "cash_value_usd",
    "in_kind_value_usd",
    "pro_bono_hours",
    "conditions",
    "starts_on",
    "ends_on",
)


def offer_create(
    *, organisation: Organisation, actor: Any, data: dict[str, Any], submit: bool
) -> Offer:
    _require(actor, "marketplace.post_offer")
    if not actor.has_perm("marketplace.change_offer", Offer(organisation=organisation)):
        raise PermissionDenied(_("You can post offers only for a company you represent."))
    _check_window(data)
    _check_targets(data)
    with transaction.atomic(durable=True):
        offer = Offer(organisation=organisation, created_by=actor)
        _apply(offer, data, OFFER_FIELDS)
        offer.sdg_suggestions = _suggestions_for(offer)
        offer.save(update_fields=["sdg_suggestions"])
        audit_record(actor=actor, verb="offer.created", target=offer, details={})
        if submit:
            _offer_submit(offer, actor=actor)
    return offer


def offer_update(*, offer: Offer, actor: Any, data: dict[str, Any]) -> Offer:
    _require(actor, "marketplace.change_offer", offer)
    if offer.status in {Offer.Status.CLOSED, Offer.Status.WITHDRAWN}:
        raise ValidationError(
            _("This offer is %(status)s; it can no longer be edited.")
            % {"status": offer.get_status_display().lower()}
        )
    _check_window(data, offer)
    _check_targets(data, offer)
    with transaction.atomic(durable=True):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        changed = _apply(offer, data, OFFER_FIELDS)
        if {"title", "description"} & set(changed):
            offer.sdg_suggestions = _suggestions_for(offer)
            offer.save(update_fields=["sdg_suggestions"])
        audit_record(actor=actor, verb="offer.updated", target=offer, details={"fields": changed})
        if changed and offer.status != Offer.Status.DRAFT:
            for route in offer.routes.filter(status__in=workflows.OPEN_ROUTE_STATES):
                notify(
                    users=_focal_points(route.entity_id),
                    verb="offer.updated",
                    title=_("An offer in your inbox was updated: %(title)s")
                    % {"title": offer.title},
                    url=route.get_absolute_url(),
                    email=False,
                )
    return offer


def offer_submit(*, offer: Offer, actor: Any) -> Offer:
    _require(actor, "marketplace.change_offer", offer)
    with transaction.atomic(durable=True):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _offer_submit(offer, actor=actor)
    return offer


def _offer_submit(offer: Offer, *, actor: Any) -> None:
    _offer_move(offer, Offer.Status.SUBMITTED, actor=actor, as_actor=Actor.OWNER)
    offer.published_at = timezone.now()
    offer.save(update_fields=["published_at"])
    _route(offer, actor=actor)
    _enqueue_alerts(SavedSearch.Kind.OFFERS, offer.pk)


def _route(offer: Offer, *, actor: Any) -> list[OfferRoute]:
    """Send the offer to the entities whose mandates fit best, each with its reasons."""
    from partnerhub.marketplace.engine import route_offer

    now = timezone.now()
    due = add_working_days(now, settings.OFFER_ACKNOWLEDGE_WORKING_DAYS)
    created = []
    for rank, route in enumerate(route_offer(offer, limit=settings.OFFER_ROUTES_PER_OFFER), 1):
        created.append(
            OfferRoute.objects.create(
                offer=offer,
                entity_id=route.entity_id,
                rank=rank,
                score=route.score,
                reasons=list(route.reasons),
                components=route.components,
                received_at=now,
                acknowledge_due_at=due,
            )
        )
    audit_record(
        actor=actor,
        verb="offer.routed",
        target=offer,
        details={"entities": [r.entity.acronym for r in created]},
    )
    if not created:
        notify(
            users=_coordinators(),
            verb="offer.unrouted",
            title=_("No entity's mandate clearly fits this offer; please route it: %(title)s")
            % {"title": offer.title},
            body=_("From %(company)s.") % {"company": offer.organisation},
            url="/marketplace/routing/#unrouted",
        )
    for route_obj in created:
        notify(
            users=_focal_points(route_obj.entity_id),
            verb="offer.routed",
            title=_("New offer for %(entity)s: %(title)s")
            % {"entity": route_obj.entity.acronym, "title": offer.title},
            body=_("From %(company)s. Why it was sent to you: %(reasons)s")
            % {"company": offer.organisation, "reasons": "; ".join(route_obj.reasons)},
            url=route_obj.get_absolute_url(),
        )
    return created


def offer_transition(*, offer: Offer, to: str, actor: Any, note: str = "") -> Offer:
    _require(actor, "marketplace.change_offer", offer)
    if to == Offer.Status.SUBMITTED:
        return offer_submit(offer=offer, actor=actor)
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    with transaction.atomic(durable=True):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _offer_move(offer, to, actor=actor, as_actor=Actor.OWNER, note=note)
        if to in {Offer.Status.CLOSED, Offer.Status.WITHDRAWN}:
            for route in offer.routes.select_for_update().filter(
                status__in=workflows.OPEN_ROUTE_STATES
            ):
                _route_move(route, OfferRoute.Status.CLOSED, actor=actor, as_actor=Actor.SYSTEM)
                notify(
                    users=_focal_points(route.entity_id),
                    verb="offer.closed",
                    title=_("An offer in your inbox was %(status)s by the company: %(title)s")
                    % {"status": Offer.Status(to).label.lower(), "title": offer.title},
                    body=note,
                    url=route.get_absolute_url(),
                )
    return offer


def _offer_move(offer: Offer, to: str, *, actor: Any, as_actor: Actor, note: str = "") -> None:
    if to not in Offer.Status.values:
        raise ValidationError(_("Unknown status."))
    if not workflows.allowed(workflows.OFFER_TRANSITIONS, offer.status, to, as_actor):
        raise ValidationError(
            _("An offer that is %(from)s cannot become %(to)s.")
            % {
                "from": offer.get_status_display().lower(),
                "to": Offer.Status(to).label.lower(),
            }
        )
    previous = offer.status
    offer.status = to
    offer.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="offer.status_changed",
        target=offer,
        details={"from": previous, "to": to, "note": note},
    )


# --- Routes (an entity's inbox) ---------------------------------------------------------------


def _route_move(route: OfferRoute, to: str, *, actor: Any, as_actor: Actor, note: str = "") -> None:
    if route.status == to:
        raise ValidationError(
            _("This offer is already %(status)s.") % {"status": route.get_status_display().lower()}
        )
    if not workflows.allowed(workflows.ROUTE_TRANSITIONS, route.status, to, as_actor):
        raise ValidationError(
            _("An offer that is %(from)s in your inbox cannot be marked %(to)s.")
            % {
                "from": route.get_status_display().lower(),
                "to": OfferRoute.Status(to).label.lower(),
            }
        )
    previous = route.status
    now = timezone.now()
    route.status = to
    fields = ["status"]
    if as_actor == Actor.HANDLER:
        route.handled_by = actor
        fields.append("handled_by")
        if route.acknowledged_at is None:
            # Accepting, declining or forwarding an offer also acknowledges it.
            route.acknowledged_at = now
            fields.append("acknowledged_at")
        if to != OfferRoute.Status.ACKNOWLEDGED and route.responded_at is None:
            route.responded_at = now
            fields.append("responded_at")
    if note:
        route.decision_note = note
        fields.append("decision_note")
    route.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb="offer_route.status_changed",
        target=route,
        details={"from": previous, "to": to, "note": note, "entity": route.entity.acronym},
    )


def route_respond(
    *,
    route: OfferRoute,
    to: str,
    actor: Any,
    note: str = "",
    forward_to: UNEntity | None = None,
) -> OfferRoute:
    """Acknowledge, accept into discussion, decline (with a reason) or forward (to another
    entity, with a note) an offer in the entity's inbox."""
    _require(actor, "marketplace.handle_route", route)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    if to == OfferRoute.Status.DECLINED and not note:
        raise ValidationError({"note": _("Give the company a reason for declining.")})
    if to == OfferRoute.Status.FORWARDED:
        if forward_to is None:
            raise ValidationError({"forward_to": _("Choose the entity to forward the offer to.")})
        if forward_to.pk == route.entity_id:
            raise ValidationError({"forward_to": _("The offer is already with this entity.")})
    if to not in {
        OfferRoute.Status.ACKNOWLEDGED,
        OfferRoute.Status.IN_DISCUSSION,
        OfferRoute.Status.DECLINED,
        OfferRoute.Status.FORWARDED,
    }:
        raise ValidationError(_("Choose acknowledge, accept, decline or forward."))
    with transaction.atomic(durable=True):
        route = (
            OfferRoute.objects.select_for_update()
            .select_related("offer", "entity")
            .get(pk=route.pk)
        )
        offer = route.offer
        if offer.status not in workflows.OPEN_OFFER_STATES:
            raise ValidationError(
                _("The company has %(status)s this offer.")
                % {"status": offer.get_status_display().lower()}
            )
        if (
            forward_to is not None
            and to == OfferRoute.Status.FORWARDED
            and OfferRoute.objects.filter(offer=offer, entity=forward_to).exists()
        ):
            raise ValidationError(
                {
                    "forward_to": _("%(entity)s already has this offer.")
                    % {"entity": forward_to.acronym}
                }
            )
        _route_move(route, to, actor=actor, as_actor=Actor.HANDLER, note=note)
        reps = _representatives(offer.organisation_id)
        if to == OfferRoute.Status.ACKNOWLEDGED:
            notify(
                users=reps,
                verb="offer.acknowledged",
                title=_("%(entity)s acknowledged your offer: %(title)s")
                % {"entity": route.entity.acronym, "title": offer.title},
                url=offer.get_absolute_url(),
            )
        elif to == OfferRoute.Status.IN_DISCUSSION:
            if offer.status == Offer.Status.SUBMITTED:
                _offer_move(offer, Offer.Status.IN_DISCUSSION, actor=actor, as_actor=Actor.SYSTEM)
            engagement_started(
                entity=route.entity,
                organisation=offer.organisation,
                kind="offer",
                target=route,
                actor=actor,
            )
            notify(
                users=reps,
                verb="offer.in_discussion",
                title=_("%(entity)s wants to discuss your offer: %(title)s")
                % {"entity": route.entity.acronym, "title": offer.title},
                body=note,
                url=offer.get_absolute_url(),
            )
        elif to == OfferRoute.Status.DECLINED:
            notify(
                users=reps,
                verb="offer.declined",
                title=_("%(entity)s declined your offer: %(title)s")
                % {"entity": route.entity.acronym, "title": offer.title},
                body=_("Reason: %(reason)s") % {"reason": note},
                url=offer.get_absolute_url(),
            )
        else:
            assert forward_to is not None
            now = timezone.now()
            forwarded = OfferRoute.objects.create(
                offer=offer,
                entity=forward_to,
                origin=OfferRoute.Origin.FORWARDED,
                forwarded_from=route,
                reasons=[
                    _("Forwarded by %(entity)s: %(note)s")
                    % {"entity": route.entity.acronym, "note": note or "—"}
                ],
                received_at=now,
                acknowledge_due_at=add_working_days(now, settings.OFFER_ACKNOWLEDGE_WORKING_DAYS),
            )
            audit_record(
                actor=actor,
                verb="offer.forwarded",
                target=offer,
                details={"from": route.entity.acronym, "to": forward_to.acronym, "note": note},
            )
            notify(
                users=_focal_points(forward_to.pk),
                verb="offer.routed",
                title=_("%(from)s forwarded an offer to %(entity)s: %(title)s")
                % {
                    "from": route.entity.acronym,
                    "entity": forward_to.acronym,
                    "title": offer.title,
                },
                body=note,
                url=forwarded.get_absolute_url(),
            )
            notify(
                users=reps,
                verb="offer.forwarded",
                title=_("%(from)s forwarded your offer to %(to)s: %(title)s")
                % {"from": route.entity.acronym, "to": forward_to.acronym, "title": offer.title},
                body=note,
                url=offer.get_absolute_url(),
            )
    return route


def offer_assign(*, offer: Offer, entity: UNEntity, actor: Any, note: str = "") -> OfferRoute:
    """The system coordinator sends an offer to an entity by hand: when routing found no
    entity that fits, or to add one it missed."""
    _require(actor, "marketplace.edit_routing_profile")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    with transaction.atomic(durable=True):
        offer = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
        if offer.status not in workflows.OPEN_OFFER_STATES:
            raise ValidationError(
                _("The company has %(status)s this offer.")
                % {"status": offer.get_status_display().lower()}
            )
        if OfferRoute.objects.filter(offer=offer, entity=entity).exists():
            raise ValidationError(
                {"entity": _("%(entity)s already has this offer.") % {"entity": entity.acronym}}
            )
        now = timezone.now()
        route = OfferRoute.objects.create(
            offer=offer,
            entity=entity,
            origin=OfferRoute.Origin.ASSIGNED,
            reasons=[_("Sent by the system coordinator: %(note)s") % {"note": note or "—"}],
            received_at=now,
            acknowledge_due_at=add_working_days(now, settings.OFFER_ACKNOWLEDGE_WORKING_DAYS),
        )
        audit_record(
            actor=actor,
            verb="offer.assigned",
            target=offer,
            details={"entity": entity.acronym, "note": note},
        )
        engagement_started(
            entity=entity, organisation=offer.organisation, kind="offer", target=route, actor=actor
        )
        notify(
            users=_focal_points(entity.pk),
            verb="offer.routed",
            title=_("New offer for %(entity)s: %(title)s")
            % {"entity": entity.acronym, "title": offer.title},
            body=note,
            url=route.get_absolute_url(),
        )
        notify(
            users=_representatives(offer.organisation_id),
            verb="offer.assigned",
            title=_("Your offer was sent to %(entity)s: %(title)s")
            % {"entity": entity.acronym, "title": offer.title},
            url=offer.get_absolute_url(),
        )
    return route


def routes_flag_overdue(*, now: Any = None) -> int:
    """Tell the system coordinators about offers not acknowledged in time; each route is
    flagged once. Run daily (`manage.py flag_overdue_offers`)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        overdue = list(
            OfferRoute.objects.select_for_update()
            .select_related("offer", "entity")
            .filter(
                status=OfferRoute.Status.RECEIVED,
                acknowledged_at__isnull=True,
                acknowledge_due_at__lt=now,
                overdue_flagged_at__isnull=True,
            )
            .order_by("acknowledge_due_at", "pk")
        )
        if not overdue:
            return 0
        for route in overdue:
            route.overdue_flagged_at = now
            route.save(update_fields=["overdue_flagged_at"])
            audit_record(
                actor=None,
                verb="offer_route.overdue",
                target=route,
                details={"due": route.acknowledge_due_at.isoformat()},
            )
        lines = [
            f"- {r.entity.acronym}: {r.offer.title} ({r.offer.organisation}), "
            f"{_('received')} {r.received_at:%Y-%m-%d}"
            for r in overdue
        ]
        notify(
            users=_coordinators(),
            verb="offer.overdue",
            title=_("%(count)d offers are waiting for acknowledgement past %(days)d working days")
            % {"count": len(overdue), "days": settings.OFFER_ACKNOWLEDGE_WORKING_DAYS},
            body="\n".join(lines),
            url="/marketplace/routing/?overdue=1",
        )
        for route in overdue:
            notify(
                users=_focal_points(route.entity_id),
                verb="offer.overdue",
                title=_("Overdue: please acknowledge the offer %(title)s")
                % {"title": route.offer.title},
                url=route.get_absolute_url(),
            )
    return len(overdue)


# --- Interest ---------------------------------------------------------------------------------


def interest_in_need(
    *,
    need: Need,
    organisation: Organisation,
    actor: Any,
    message: str,
    proposed_offer: Offer | None = None,
) -> Interest:
    """A company tells a UN entity it can help with one of its needs."""
    _require(actor, "marketplace.express_interest")
    _require(actor, "marketplace.view_need", need)
    if not actor.has_perm("marketplace.change_offer", Offer(organisation=organisation)):
        raise PermissionDenied(_("You can speak only for a company you represent."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say briefly how your company could help.")})
    if len(message) > MAX_NOTE:
        raise ValidationError({"message": _("Keep the message under 2,000 characters.")})
    if proposed_offer is not None and proposed_offer.organisation_id != organisation.pk:
        raise ValidationError({"proposed_offer": _("Choose one of your company's offers.")})
    with transaction.atomic(durable=True):
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status not in workflows.OPEN_NEED_STATES:
            raise ValidationError(
                _("This need is %(status)s and no longer takes expressions of interest.")
                % {"status": need.get_status_display().lower()}
            )
        if Interest.objects.filter(
            need=need, organisation=organisation, status=Interest.Status.OPEN
        ).exists():
            raise ValidationError(_("Your company has already expressed interest in this need."))
        interest = Interest.objects.create(
            direction=Interest.Direction.COMPANY_TO_NEED,
            need=need,
            organisation=organisation,
            entity_id=need.entity_id,
            proposed_offer=proposed_offer,
            message=message,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="interest.expressed",
            target=need,
            details={"organisation": organisation.legal_name, "interest": interest.pk},
        )
        engagement_started(
            entity=need.entity,
            organisation=organisation,
            kind="interest",
            target=interest,
            actor=actor,
        )
        notify(
            users=_focal_points(need.entity_id),
            verb="need.interest",
            title=_("%(company)s is interested in your need: %(title)s")
            % {"company": organisation, "title": need.title},
            body=message,
            url=need.get_absolute_url() + "#interests",
        )
    return interest


def interest_in_offer(*, offer: Offer, entity: UNEntity, actor: Any, message: str) -> Interest:
    """A UN focal point tells a company its entity is interested in one of its offers."""
    _require(actor, "marketplace.respond_to_offer")
    _require(actor, "marketplace.view_offer", offer)
    if entity.pk not in {
        m.un_entity_id for m in Membership.objects.filter(user=actor, role=Role.FOCAL_POINT)
    }:
        raise PermissionDenied(_("You can respond only for an entity where you are focal point."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say briefly what your entity would like to do.")})
    if len(message) > MAX_NOTE:
        raise ValidationError({"message": _("Keep the message under 2,000 characters.")})
    with transaction.atomic(durable=True):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in workflows.OPEN_OFFER_STATES:
            raise ValidationError(
                _("This offer is %(status)s and no longer takes responses.")
                % {"status": offer.get_status_display().lower()}
            )
        if Interest.objects.filter(
            offer=offer, entity=entity, status=Interest.Status.OPEN
        ).exists():
            raise ValidationError(_("Your entity has already responded to this offer."))
        interest = Interest.objects.create(
            direction=Interest.Direction.ENTITY_TO_OFFER,
            offer=offer,
            organisation_id=offer.organisation_id,
            entity=entity,
            message=message,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="interest.expressed",
            target=offer,
            details={"entity": entity.acronym, "interest": interest.pk},
        )
        engagement_started(
            entity=entity,
            organisation=offer.organisation,
            kind="interest",
            target=interest,
            actor=actor,
        )
        notify(
            users=_representatives(offer.organisation_id),
            verb="offer.interest",
            title=_("%(entity)s is interested in your offer: %(title)s")
            % {"entity": entity.acronym, "title": offer.title},
            body=message,
            url=offer.get_absolute_url(),
        )
    return interest


def _may_answer(actor: Any, interest: Interest) -> bool:
    if interest.direction == Interest.Direction.COMPANY_TO_NEED:
        return interest.entity_id in {
            m.un_entity_id for m in Membership.objects.filter(user=actor, role=Role.FOCAL_POINT)
        }
    return interest.organisation_id in {
        m.organisation_id for m in Membership.objects.filter(user=actor, role=Role.COMPANY_REP)
    }


def interest_answer(*, interest: Interest, actor: Any, accept: bool, response: str) -> Interest:
    """The other side takes the interest forward or declines it (with a reason)."""
    if not _may_answer(actor, interest):
        raise PermissionDenied(_("Only the other party can answer this expression of interest."))
    response = (response or "").strip()
    if not accept and not response:
        raise ValidationError({"response": _("Give a reason for declining.")})
    if len(response) > MAX_NOTE:
        raise ValidationError({"response": _("Keep the response under 2,000 characters.")})
    with transaction.atomic(durable=True):
        interest = Interest.objects.select_for_update().get(pk=interest.pk)
        if interest.status != Interest.Status.OPEN:
            raise ValidationError(
                _("This expression of interest was already %(status)s.")
                % {"status": interest.get_status_display().lower()}
            )
        interest.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
        interest.response = response
        interest.responded_at = timezone.now()
        interest.save(update_fields=["status", "response", "responded_at"])
        audit_record(
            actor=actor,
            verb="interest.answered",
            target=interest.listing,
            details={"interest": interest.pk, "status": interest.status, "response": response},
        )
        if accept and interest.need_id:
            need = Need.objects.select_for_update().get(pk=interest.need_id)
            if need.status == Need.Status.OPEN:
                _need_move(need, Need.Status.IN_DISCUSSION, actor=actor, as_actor=Actor.SYSTEM)
        listing = interest.listing
        notify(
            users=[interest.created_by],
            verb="interest.answered",
            title=(
                _("Your interest was taken forward: %(title)s")
                if accept
                else _("Your interest was declined: %(title)s")
            )
            % {"title": listing.title},
            body=response,
            url=listing.get_absolute_url(),
        )
    return interest


def interest_withdraw(*, interest: Interest, actor: Any) -> Interest:
    if interest.created_by_id != actor.pk and not actor.has_perm(
        "marketplace.view_interest", interest
    ):
        raise PermissionDenied(_("You are not allowed to do this."))
    if _may_answer(actor, interest):
        raise PermissionDenied(_("Only the side that expressed the interest can withdraw it."))
    with transaction.atomic(durable=True):
        interest = Interest.objects.select_for_update().get(pk=interest.pk)
        if interest.status != Interest.Status.OPEN:
            raise ValidationError(_("Only an open expression of interest can be withdrawn."))
        interest.status = Interest.Status.WITHDRAWN
        interest.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="interest.withdrawn",
            target=interest.listing,
            details={"interest": interest.pk},
        )
    return interest


# --- Routing profiles -------------------------------------------------------------------------


def routing_profile_update(*, entity: UNEntity, actor: Any, data: dict[str, Any]) -> RoutingProfile:
    _require(actor, "marketplace.edit_routing_profile")
    with transaction.atomic(durable=True):
        profile, _created = RoutingProfile.objects.select_for_update().get_or_create(entity=entity)
        changed: list[str] = []
        for name in ("keywords", "accepts_offers"):
            if name in data and getattr(profile, name) != data[name]:
                setattr(profile, name, data[name])
                changed.append(name)
        profile.updated_by = actor
        profile.save()
        for name in ("sdgs", "themes", "countries"):
            if name in data:
                before = {o.pk for o in getattr(profile, name).all()}
                if before != {o.pk for o in data[name]}:
                    getattr(profile, name).set(data[name])
                    changed.append(name)
        audit_record(
            actor=actor,
            verb="routing_profile.updated",
            target=profile,
            details={"entity": entity.acronym, "fields": changed},
        )
    return profile


# --- Saved searches ---------------------------------------------------------------------------

MAX_SAVED_SEARCHES = 50


def saved_search_create(
    *, user: Any, kind: str, name: str, query: dict[str, Any], alerts: bool
) -> SavedSearch:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the search.")})
    if kind not in SavedSearch.Kind.values:
        raise ValidationError({"kind": _("Choose needs or offers.")})
    if kind == SavedSearch.Kind.OFFERS and not user.has_perm("marketplace.view_matches"):
        raise PermissionDenied(_("Offers are visible to UN staff and the offering company only."))
    with transaction.atomic(durable=True):
        if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
            raise ValidationError(
                _("You have %(n)d saved searches already; delete one first.")
                % {"n": MAX_SAVED_SEARCHES}
            )
        if SavedSearch.objects.filter(user=user, kind=kind, name=name).exists():
            raise ValidationError({"name": _("You already have a search with this name.")})
        search = SavedSearch.objects.create(
            user=user, kind=kind, name=name[:120], query=query, alerts=alerts
        )
        audit_record(actor=user, verb="saved_search.created", target=search, details=query)
    return search


def saved_search_delete(*, search: SavedSearch, actor: Any) -> None:
    if search.user_id != actor.pk:
        raise PermissionDenied(_("This is not your saved search."))
    with transaction.atomic(durable=True):
        audit_record(actor=actor, verb="saved_search.deleted", target=search, details={})
        search.delete()


def saved_search_set_alerts(*, search: SavedSearch, actor: Any, alerts: bool) -> SavedSearch:
    if search.user_id != actor.pk:
        raise PermissionDenied(_("This is not your saved search."))
    with transaction.atomic(durable=True):
        search.alerts = alerts
        search.save(update_fields=["alerts"])
        audit_record(
            actor=actor, verb="saved_search.alerts", target=search, details={"alerts": alerts}
        )
    return search


def _enqueue_alerts(kind: str, listing_id: int) -> None:
    from partnerhub.marketplace.tasks import send_saved_search_alerts

    transaction.on_commit(lambda: send_saved_search_alerts.enqueue(kind, listing_id))


def saved_search_alerts_send(*, kind: str, listing_id: int) -> int:
    """Announce a newly published listing to every user whose alerting saved search it
    passes, if the user may see it. Returns how many users were told."""
    from partnerhub.marketplace.selectors import listing_matches_saved_search

    model: type[Need] | type[Offer] = Need if kind == SavedSearch.Kind.NEEDS else Offer
    listing = model.objects.filter(pk=listing_id).first()
    if listing is None:
        return 0
    perm = "marketplace.view_need" if kind == SavedSearch.Kind.NEEDS else "marketplace.view_offer"
    searches: QuerySet[SavedSearch] = SavedSearch.objects.filter(
        kind=kind, alerts=True, user__is_active=True
    ).select_related("user")
    told = 0
    with transaction.atomic(durable=True):
        for search in searches:
            if search.user_id == listing.created_by_id:
                continue
            if not search.user.has_perm(perm, listing):
                continue
            if not listing_matches_saved_search(search, listing):
                continue
            notify(
                users=[search.user],
                verb="saved_search.match",
                title=_("New for your search “%(name)s”: %(title)s")
                % {"name": search.name, "title": listing.title},
                body=listing.description[:500],
                url=listing.get_absolute_url(),
            )
            search.last_alerted_at = timezone.now()
            search.save(update_fields=["last_alerted_at"])
            told += 1
    return told
