"""Writes of initiatives, events, commitments and progress reports. Each service checks the
actor's permission itself, validates, writes in one transaction and audits in it."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.predicates import entity_ids_for, is_administrator, is_system_coordinator
from partnerhub.core.services import audit_record
from partnerhub.initiatives import progress, workflows
from partnerhub.initiatives.models import (
    Commitment,
    Deliverable,
    DeliverableProgress,
    Event,
    Initiative,
    InitiativeMember,
    ProgressReport,
    PublicationStatus,
    Session,
)
from partnerhub.notifications.services import notify
from partnerhub.vocabularies.data_files import active_currencies

MAX_TEXT = 20_000


@functools.cache
def currencies() -> frozenset[str]:
    return active_currencies()


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _text(data: dict[str, Any], name: str, limit: int, message: str, *, required: bool) -> None:
    value = (data.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: message})
    if len(value) > limit:
        raise ValidationError({name: _("This text is too long.")})
    data[name] = value


def _ids(items: Iterable[Any]) -> set[Any]:
    return {getattr(item, "pk", item) for item in items}


def _set_m2m(obj: models.Model, name: str, value: Any, changed: list[str]) -> None:
    if value is None:
        return
    manager = getattr(obj, name)
    if _ids(manager.all()) != _ids(value):
        manager.set(value)
        changed.append(name)


def _focal_entity_ids(actor: Any) -> set[int]:
    if is_administrator(actor) or is_system_coordinator(actor):
        return set()
    return entity_ids_for(actor, Role.FOCAL_POINT)


def _check_own_entity_among(actor: Any, entities: Iterable[Any], field: str) -> None:
    """A focal point (who is not the coordinator) must name their own entity: otherwise
    they would write for an entity that is not theirs and could not edit it afterwards."""
    own = _focal_entity_ids(actor)
    if own and not own & _ids(entities):
        raise ValidationError({field: _("Include your own UN entity.")})


def _set_fields(obj: models.Model, names: Iterable[str], data: dict[str, Any]) -> list[str]:
    """Copy the fields of `names` that `data` holds and that differ onto `obj`; their names."""
    changed = []
    for name in names:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def _set_status(obj: Any, actor: Any, status: str, kind: str, message: str) -> Any:
    """Publish or withdraw `obj` (an initiative, event or commitment: `kind`), locked, for an
    actor with the change permission; `message` refuses the others."""
    _require(actor, f"initiatives.change_{kind}", obj, message)
    with transaction.atomic(durable=True):
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if status not in PublicationStatus.values:
            raise ValidationError(_("Choose to publish it or to withdraw it to a draft."))
        verb = workflows.transition_verb(obj.status, status)
        if verb is None:
            raise ValidationError(_("It is already in that state."))
        obj.status = status
        obj.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, verb=f"{kind}.{verb}", target=obj, details={"name": str(obj)})
        return obj


# --- Initiatives ------------------------------------------------------------------------------


def _clean_initiative(data: dict[str, Any], current: Initiative | None) -> None:
    if "name" in data or current is None:
        _text(data, "name", 200, _("Give the initiative a name."), required=True)
    if "description" in data or current is None:
        _text(data, "description", MAX_TEXT, _("Describe the initiative."), required=True)
    for name, limit in (("acronym", 40), ("provenance", 300)):
        if name in data:
            _text(data, name, limit, "", required=False)
    if ("convening_entities" in data or current is None) and not data.get("convening_entities"):
        raise ValidationError({"convening_entities": _("Name at least one convening UN entity.")})
    launched = data.get("launched_on")
    if launched and launched > timezone.localdate():
        raise ValidationError({"launched_on": _("The launch date is in the future.")})


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:70] or "initiative"
    candidate, n = slug, 2
    # "new" is the address of the creation form.
    while candidate == "new" or Initiative.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def initiative_create(*, actor: Any, data: dict[str, Any]) -> Initiative:
    """Create a draft initiative: name, description, convening_entities (required), and
    acronym, provenance, website, launched_on, sdgs."""
    _require(
        actor,
        "initiatives.add_initiative",
        None,
        _("Initiatives are written by the system coordinator and UN focal points."),
    )
    data = dict(data)
    _clean_initiative(data, None)
    _check_own_entity_among(actor, data["convening_entities"], "convening_entities")
    with transaction.atomic(durable=True):
        initiative = Initiative.objects.create(
            slug=_unique_slug(data.get("slug") or data.get("acronym") or data["name"]),
            name=data["name"],
            acronym=data.get("acronym", ""),
            description=data["description"],
            provenance=data.get("provenance", ""),
            website=data.get("website", ""),
            launched_on=data.get("launched_on"),
            created_by=actor,
        )
        initiative.convening_entities.set(data["convening_entities"])
        initiative.sdgs.set(data.get("sdgs") or [])
        audit_record(
            actor=actor,
            verb="initiative.created",
            target=initiative,
            details={"name": initiative.name},
        )
    return initiative


def initiative_update(*, initiative: Initiative, actor: Any, data: dict[str, Any]) -> Initiative:
    _require(
        actor,
        "initiatives.change_initiative",
        initiative,
        _("Only the focal points of a convening entity and the system coordinator edit it."),
    )
    data = dict(data)
    _clean_initiative(data, initiative)
    if data.get("convening_entities") is not None:
        _check_own_entity_among(actor, data["convening_entities"], "convening_entities")
    with transaction.atomic(durable=True):
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        changed = _set_fields(
            initiative,
            ("name", "acronym", "description", "provenance", "website", "launched_on"),
            data,
        )
        initiative.save()
        _set_m2m(initiative, "convening_entities", data.get("convening_entities"), changed)
        _set_m2m(initiative, "sdgs", data.get("sdgs"), changed)
        audit_record(
            actor=actor,
            verb="initiative.updated",
            target=initiative,
            details={"name": initiative.name, "fields": changed},
        )
    return initiative


def initiative_set_status(*, initiative: Initiative, actor: Any, status: str) -> Initiative:
    return _set_status(
        initiative,
        actor,
        status,
        "initiative",
        _("Only the focal points of a convening entity and the system coordinator publish it."),
    )


def initiative_member_add(
    *,
    initiative: Initiative,
    actor: Any,
    organisation: Any = None,
    un_entity: Any = None,
    since: datetime.date,
    role: str = "",
) -> InitiativeMember:
    _require(
        actor,
        "initiatives.change_initiative",
        initiative,
        _("Only the focal points of a convening entity and the system coordinator add members."),
    )
    if (organisation is None) == (un_entity is None):
        raise ValidationError(_("Choose either an organisation or a UN entity."))
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date is in the future.")})
    if since < progress.EARLIEST_DATE:
        raise ValidationError({"since": _("The date is too far in the past.")})
    body = {"organisation": organisation} if organisation else {"un_entity": un_entity}
    if initiative.members.filter(**body).exists():
        raise ValidationError(_("That member is already listed."))
    with transaction.atomic(durable=True):
        member = InitiativeMember.objects.create(
            initiative=initiative, since=since, role=role.strip()[:120], **body
        )
        audit_record(
            actor=actor,
            verb="initiative.member_added",
            target=initiative,
            details={"name": initiative.name, "member": str(member), "since": since.isoformat()},
        )
    return member


def initiative_member_remove(*, member: InitiativeMember, actor: Any) -> None:
    initiative = member.initiative
    _require(
        actor,
        "initiatives.change_initiative",
        initiative,
        _("Only the focal points of a convening entity and the system coordinator remove members."),
    )
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            verb="initiative.member_removed",
            target=initiative,
            details={"name": initiative.name, "member": str(member)},
        )
        member.delete()


# --- Events -----------------------------------------------------------------------------------


def _clean_event(data: dict[str, Any], current: Event | None) -> None:
    if "title" in data or current is None:
        _text(data, "title", 200, _("Give the event a title."), required=True)
    if "description" in data or current is None:
        _text(data, "description", MAX_TEXT, _("Describe the event."), required=True)
    for name, limit in (("venue", 200), ("provenance", 300)):
        if name in data:
            _text(data, name, limit, "", required=False)
    if ("kind" in data or current is None) and data.get("kind") not in Event.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")})
    starts = data["starts_on"] if "starts_on" in data else getattr(current, "starts_on", None)
    if not starts:
        raise ValidationError({"starts_on": _("Give the first day of the event.")})
    ends = data.get("ends_on") or (current.ends_on if current and "ends_on" not in data else None)
    ends = ends or starts
    if ends < starts:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if (ends - starts).days > 366:
        raise ValidationError({"ends_on": _("An event lasts at most a year.")})
    data["starts_on"], data["ends_on"] = starts, ends
    country = data["country"] if "country" in data else getattr(current, "country", None)
    online = data["is_online"] if "is_online" in data else getattr(current, "is_online", False)
    if country is None and not online:
        raise ValidationError(
            {"country": _("Give the country where it takes place, or tick online.")}
        )
    if ("organising_entities" in data or current is None) and not data.get("organising_entities"):
        raise ValidationError({"organising_entities": _("Name at least one organising UN entity.")})


def _clean_sessions(sessions: list[dict[str, Any]], event: dict[str, Any]) -> None:
    for index, session in enumerate(sessions):
        if session.get("delete"):
            continue
        title = (session.get("title") or "").strip()
        where = _("Session %(n)d") % {"n": index + 1}
        if not title:
            raise ValidationError(_("%(where)s: give it a title.") % {"where": where})
        session["title"] = title[:200]
        session["speakers"] = (session.get("speakers") or "").strip()
        starts, ends = session.get("starts_at"), session.get("ends_at")
        if starts is None:
            raise ValidationError(_("%(where)s: give its start time.") % {"where": where})
        day = timezone.localtime(starts).date() if timezone.is_aware(starts) else starts.date()
        if not event["starts_on"] <= day <= event["ends_on"]:
            raise ValidationError(
                _("%(where)s: it must take place during the event.") % {"where": where}
            )
        if ends is not None and ends < starts:
            raise ValidationError(_("%(where)s: it ends before it starts.") % {"where": where})


def _write_sessions(event: Event, sessions: list[dict[str, Any]]) -> int:
    existing = {s.pk: s for s in event.sessions.all()}
    written = 0
    for session in sessions:
        pk = session.get("id")
        if pk and pk not in existing:
            raise ValidationError(_("That session is not one of this event's."))
        if session.get("delete"):
            if pk:
                existing[pk].delete()
                written += 1
            continue
        fields = {k: session.get(k) for k in ("title", "starts_at", "ends_at", "speakers")}
        if pk:
            Session.objects.filter(pk=pk).update(**fields)
        else:
            Session.objects.create(event=event, **fields)
        written += 1
    return written


EVENT_FIELDS = (
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "country",
    "venue",
    "is_online",
    "description",
    "provenance",
    "initiative",
)


def event_create(
    *, actor: Any, data: dict[str, Any], sessions: list[dict[str, Any]] | None = None
) -> Event:
    """Create a draft event. `data`: title, kind, starts_on, ends_on (defaults to the start),
    country and/or is_online, venue, description, provenance, initiative,
    organising_entities (required), participants (organisations)."""
    _require(
        actor,
        "initiatives.add_event",
        None,
        _("Events are written by the system coordinator and UN focal points."),
    )
    data = dict(data)
    sessions = [dict(s) for s in sessions or []]
    _clean_event(data, None)
    _clean_sessions(sessions, data)
    _check_own_entity_among(actor, data["organising_entities"], "organising_entities")
    with transaction.atomic(durable=True):
        event = Event.objects.create(
            **{name: data[name] for name in EVENT_FIELDS if name in data},
            is_illustrative=bool(data.get("is_illustrative")),
            created_by=actor,
        )
        event.organising_entities.set(data["organising_entities"])
        event.participants.set(data.get("participants") or [])
        _write_sessions(event, sessions)
        audit_record(
            actor=actor,
            verb="event.created",
            target=event,
            details={"name": event.title, "starts_on": event.starts_on.isoformat()},
        )
    return event


def event_update(
    *,
    event: Event,
    actor: Any,
    data: dict[str, Any],
    sessions: list[dict[str, Any]] | None = None,
) -> Event:
    """`sessions`: dicts with an "id" to change or ("delete": True) remove one, without to add."""
    _require(
        actor,
        "initiatives.change_event",
        event,
        _("Only the focal points of an organising entity and the system coordinator edit it."),
    )
    data = dict(data)
    sessions = [dict(s) for s in sessions or []]
    _clean_event(data, event)
    _clean_sessions(sessions, data)
    if data.get("organising_entities") is not None:
        _check_own_entity_among(actor, data["organising_entities"], "organising_entities")
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        changed = _set_fields(event, EVENT_FIELDS, data)
        event.save()
        _set_m2m(event, "organising_entities", data.get("organising_entities"), changed)
        _set_m2m(event, "participants", data.get("participants"), changed)
        if _write_sessions(event, sessions):
            changed.append("sessions")
        outside = [
            s
            for s in event.sessions.all()
            if not event.starts_on <= timezone.localtime(s.starts_at).date() <= event.ends_on
        ]
        if outside:
            raise ValidationError(
                _("The session “%(title)s” would fall outside the event's dates.")
                % {"title": outside[0].title}
            )
        audit_record(
            actor=actor,
            verb="event.updated",
            target=event,
            details={"name": event.title, "fields": changed},
        )
    return event


def event_set_status(*, event: Event, actor: Any, status: str) -> Event:
    return _set_status(
        event,
        actor,
        status,
        "event",
        _("Only the focal points of an organising entity and the system coordinator publish it."),
    )


# --- Commitments ------------------------------------------------------------------------------


def _clean_resources(data: dict[str, Any]) -> None:
    amount = data.get("financial_amount")
    currency = (data.get("financial_currency") or "").strip().upper()
    if amount is None:
        if currency:
            raise ValidationError({"financial_amount": _("Give the amount pledged.")})
    else:
        amount = Decimal(amount)
        if amount <= 0:
            raise ValidationError({"financial_amount": _("The amount must be more than zero.")})
        if not currency:
            raise ValidationError({"financial_currency": _("Give the currency of the amount.")})
        if currency not in currencies():
            raise ValidationError(
                {
                    "financial_currency": _("“%(code)s” is not an ISO 4217 currency code in use.")
                    % {"code": currency}
                }
            )
    data["financial_amount"], data["financial_currency"] = amount, currency
    for name in ("in_kind", "staff_expertise"):
        if name in data:
            _text(data, name, MAX_TEXT, "", required=False)


def _clean_commitment(data: dict[str, Any], current: Commitment | None) -> None:
    if "title" in data or current is None:
        _text(data, "title", 200, _("Give the commitment a title."), required=True)
    if "description" in data or current is None:
        _text(data, "description", MAX_TEXT, _("Describe the commitment."), required=True)
    made_on = data.get("made_on") or getattr(current, "made_on", None)
    if made_on is None:
        raise ValidationError({"made_on": _("Give the day the commitment was made.")})
    if made_on > timezone.localdate():
        raise ValidationError({"made_on": _("The date is in the future.")})
    if made_on < progress.EARLIEST_DATE:
        raise ValidationError({"made_on": _("The date is too far in the past.")})
    data["made_on"] = made_on
    if "financial_amount" in data or "financial_currency" in data or current is None:
        _clean_resources(data)


def _clean_deliverables(
    deliverables: list[dict[str, Any]], made_on: datetime.date, current: Commitment | None
) -> None:
    existing = {d.pk: d for d in current.deliverables.all()} if current else {}
    kept = 0
    for index, deliverable in enumerate(deliverables):
        where = _("Deliverable %(n)d") % {"n": index + 1}
        pk = deliverable.get("id")
        if pk and pk not in existing:
            raise ValidationError(_("That deliverable is not one of this commitment's."))
        if deliverable.get("delete"):
            if pk and existing[pk].progress.exists():
                raise ValidationError(
                    _("%(where)s has been reported on, so it cannot be removed.") % {"where": where}
                )
            continue
        description = (deliverable.get("description") or "").strip()
        if not description:
            raise ValidationError(_("%(where)s: describe it.") % {"where": where})
        if len(description) > 500:
            raise ValidationError(_("%(where)s: the text is too long.") % {"where": where})
        deliverable["description"] = description
        due_on = deliverable.get("due_on")
        if due_on is None:
            raise ValidationError(_("%(where)s: give its due date.") % {"where": where})
        problem = progress.due_date_problem(due_on, made_on)
        if problem == "before_made":
            raise ValidationError(
                _("%(where)s: it is due before the commitment was made.") % {"where": where}
            )
        if problem == "too_far":
            raise ValidationError(
                _("%(where)s: it is due more than %(years)d years after the commitment.")
                % {"where": where, "years": progress.MAX_DELIVERABLE_YEARS}
            )
        kept += 1
    untouched = set(existing) - {d.get("id") for d in deliverables}
    for pk in untouched:
        if progress.due_date_problem(existing[pk].due_on, made_on):
            raise ValidationError(
                {"made_on": _("A deliverable would then be due outside sensible dates.")}
            )
    if kept + len(untouched) == 0:
        raise ValidationError(_("A commitment needs at least one deliverable."))


def _check_parent_open(actor: Any, data: dict[str, Any]) -> None:
    initiative, event = data.get("initiative"), data.get("event")
    if initiative is None and event is None:
        raise ValidationError(
            {
                "initiative": _(
                    "Choose the initiative it is made to or the event it is announced at."
                )
            }
        )
    if initiative is not None and not actor.has_perm("initiatives.view_initiative", initiative):
        raise ValidationError({"initiative": _("That initiative is not open for commitments.")})
    if event is not None and not actor.has_perm("initiatives.view_event", event):
        raise ValidationError({"event": _("That event is not open for commitments.")})


COMMITMENT_FIELDS = (
    "title",
    "description",
    "organisation",
    "un_entity",
    "initiative",
    "event",
    "made_on",
    "financial_amount",
    "financial_currency",
    "in_kind",
    "staff_expertise",
)


def _goals(data: dict[str, Any]) -> list[Any] | None:
    if data.get("sdg_targets") is None and data.get("sdgs") is None:
        return None
    goals = _ids(data.get("sdgs") or []) | {t.goal_id for t in data.get("sdg_targets") or []}
    return sorted(goals)


def _write_deliverables(commitment: Commitment, deliverables: list[dict[str, Any]]) -> int:
    written = 0
    for deliverable in deliverables:
        pk = deliverable.get("id")
        if deliverable.get("delete"):
            if pk:
                Deliverable.objects.filter(pk=pk, commitment=commitment).delete()
                written += 1
            continue
        fields = {"description": deliverable["description"], "due_on": deliverable["due_on"]}
        if pk:
            Deliverable.objects.filter(pk=pk, commitment=commitment).update(**fields)
        else:
            Deliverable.objects.create(commitment=commitment, **fields)
        written += 1
    return written


def commitment_create(
    *, actor: Any, data: dict[str, Any], deliverables: list[dict[str, Any]]
) -> Commitment:
    """Create a draft commitment. `data`: title, description, organisation or un_entity (the
    maker), initiative and/or event, made_on, financial_amount with financial_currency,
    in_kind, staff_expertise, sdg_targets, sdgs, countries. `deliverables`: dicts with
    description and due_on (at least one)."""
    _require(
        actor,
        "initiatives.add_commitment",
        None,
        _("Commitments are recorded by company representatives and UN focal points."),
    )
    data = dict(data)
    deliverables = [dict(d) for d in deliverables]
    if (data.get("organisation") is None) == (data.get("un_entity") is None):
        raise ValidationError(
            {"organisation": _("Choose who makes the commitment: an organisation or a UN entity.")}
        )
    _clean_commitment(data, None)
    _check_parent_open(actor, data)
    _clean_deliverables(deliverables, data["made_on"], None)
    commitment = Commitment(**{name: data.get(name) for name in COMMITMENT_FIELDS})
    for name in ("in_kind", "staff_expertise"):
        setattr(commitment, name, data.get(name) or "")
    _require(
        actor,
        "initiatives.change_commitment",
        commitment,
        _(
            "You may record commitments for your own organisation, or as a focal point of an "
            "entity convening the initiative or organising the event."
        ),
    )
    with transaction.atomic(durable=True):
        commitment.is_illustrative = bool(data.get("is_illustrative"))
        commitment.created_by = actor
        commitment.save()
        commitment.sdg_targets.set(data.get("sdg_targets") or [])
        commitment.sdgs.set(_goals(data) or [])
        commitment.countries.set(data.get("countries") or [])
        _write_deliverables(commitment, deliverables)
        audit_record(
            actor=actor,
            verb="commitment.created",
            target=commitment,
            details={
                "name": commitment.title,
                "maker": str(commitment.maker),
                "initiative": commitment.initiative_id,
                "event": commitment.event_id,
                "deliverables": len(deliverables),
            },
        )
    return commitment


def commitment_update(
    *,
    commitment: Commitment,
    actor: Any,
    data: dict[str, Any],
    deliverables: list[dict[str, Any]] | None = None,
) -> Commitment:
    """Change a commitment. The maker does not change. `deliverables`: dicts with an "id" to
    change one (or "delete": True to remove one not yet reported on), without to add one."""
    _require(
        actor,
        "initiatives.change_commitment",
        commitment,
        _("Only the maker's representatives and the responsible focal points edit it."),
    )
    data = {k: v for k, v in data.items() if k not in ("organisation", "un_entity")}
    deliverables = [dict(d) for d in deliverables or []]
    _clean_commitment(data, commitment)
    if "initiative" in data or "event" in data:
        merged = {
            "initiative": data.get("initiative", commitment.initiative),
            "event": data.get("event", commitment.event),
        }
        _check_parent_open(actor, merged)
    _clean_deliverables(deliverables, data["made_on"], commitment)
    with transaction.atomic(durable=True):
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        changed = _set_fields(commitment, COMMITMENT_FIELDS, data)
        commitment.save()
        _set_m2m(commitment, "sdg_targets", data.get("sdg_targets"), changed)
        _set_m2m(commitment, "sdgs", _goals(data), changed)
        _set_m2m(commitment, "countries", data.get("countries"), changed)
        if _write_deliverables(commitment, deliverables):
            changed.append("deliverables")
        audit_record(
            actor=actor,
            verb="commitment.updated",
            target=commitment,
            details={"name": commitment.title, "fields": changed},
        )
    return commitment


def commitment_set_status(*, commitment: Commitment, actor: Any, status: str) -> Commitment:
    return _set_status(
        commitment,
        actor,
        status,
        "commitment",
        _("Only the maker's representatives and the responsible focal points publish it."),
    )


def progress_report_submit(
    *,
    commitment: Commitment,
    actor: Any,
    marks: dict[int, tuple[str, str]],
    reported_on: datetime.date | None = None,
    summary: str = "",
) -> ProgressReport:
    """Report progress: `marks` maps every open deliverable's id to (status, comment), status
    one of on_track, delayed, completed. A completed deliverable stays completed."""
    _require(
        actor,
        "initiatives.change_commitment",
        commitment,
        _("Only the maker's representatives and the responsible focal points report on it."),
    )
    today = timezone.localdate()
    reported_on = reported_on or today
    if commitment.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("Publish the commitment before reporting progress on it."))
    if reported_on > today:
        raise ValidationError({"reported_on": _("The date is in the future.")})
    if reported_on < commitment.made_on:
        raise ValidationError({"reported_on": _("The date is before the commitment was made.")})
    summary = (summary or "").strip()
    if len(summary) > MAX_TEXT:
        raise ValidationError({"summary": _("This text is too long.")})
    with transaction.atomic(durable=True):
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        latest = commitment.progress_reports.aggregate(latest=models.Max("reported_on"))["latest"]
        if latest and reported_on < latest:
            raise ValidationError(
                {"reported_on": _("A later report exists; date this one on or after it.")}
            )
        deliverables = {d.pk: d for d in commitment.deliverables.all()}
        open_ids = {pk for pk, d in deliverables.items() if d.is_open}
        if not open_ids:
            raise ValidationError(_("Every deliverable is completed: there is nothing to report."))
        missing = open_ids - set(marks)
        if missing:
            raise ValidationError(
                _("Mark every open deliverable: “%(name)s” is not marked.")
                % {"name": deliverables[min(missing)].description}
            )
        unknown = set(marks) - open_ids
        if unknown:
            raise ValidationError(_("Only open deliverables of this commitment can be marked."))
        for status, _comment in marks.values():
            if status not in DeliverableProgress.Status.values:
                raise ValidationError(_("Mark each deliverable on track, delayed or completed."))
        report = ProgressReport.objects.create(
            commitment=commitment, reported_on=reported_on, summary=summary, submitted_by=actor
        )
        for pk in sorted(open_ids):
            status, comment = marks[pk]
            comment = (comment or "").strip()[:MAX_TEXT]
            DeliverableProgress.objects.create(
                report=report, deliverable_id=pk, status=status, comment=comment
            )
            Deliverable.objects.filter(pk=pk).update(
                status=status, status_comment=comment, status_reported_on=reported_on
            )
        commitment.stale_flagged_at = None
        commitment.save(update_fields=["stale_flagged_at", "updated_at"])
        audit_record(
            actor=actor,
            verb="commitment.progress_reported",
            target=commitment,
            details={
                "name": commitment.title,
                "report": report.pk,
                "reported_on": reported_on.isoformat(),
                "marks": {str(pk): marks[pk][0] for pk in sorted(open_ids)},
            },
        )
    return report


def _users_of(role: str, **scope: Any) -> list[Any]:
    return [m.user for m in Membership.objects.filter(role=role, **scope).select_related("user")]


def commitment_stewards(commitment: Commitment) -> list[Any]:
    """Who answers for a commitment's reports: the maker's representatives (or focal points,
    for a UN entity's), and the focal points of the entities convening its initiative."""
    users: list[Any] = []
    if commitment.organisation_id:
        users += _users_of(Role.COMPANY_REP, organisation_id=commitment.organisation_id)
    if commitment.un_entity_id:
        users += _users_of(Role.FOCAL_POINT, un_entity_id=commitment.un_entity_id)
    if commitment.initiative_id:
        convening = [e.pk for e in commitment.initiative.convening_entities.all()]  # type: ignore[union-attr]
        users += _users_of(Role.FOCAL_POINT, un_entity_id__in=convening)
    return users


def commitments_flag_stale(*, today: datetime.date | None = None) -> int:
    """Flag the commitments gone stale and not yet flagged, and tell their stewards once.
    Run daily (`manage.py flag_stale_commitments`)."""
    from partnerhub.initiatives.selectors import stale_commitments

    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        stale = list(
            Commitment.objects.select_for_update()
            .filter(pk__in=stale_commitments(today=today).values("pk"), stale_flagged_at=None)
            .order_by("pk")
        )
        now = timezone.now()
        for commitment in stale:
            commitment.stale_flagged_at = now
            commitment.save(update_fields=["stale_flagged_at"])
            audit_record(
                actor=None,
                verb="commitment.stale_flagged",
                target=commitment,
                details={"name": commitment.title, "today": today.isoformat()},
            )
            notify(
                users=commitment_stewards(commitment),
                verb="commitment.stale",
                title=_("No progress reported for a year on the commitment “%(title)s”")
                % {"title": commitment.title},
                body=_(
                    "Please submit a progress report marking each deliverable on track, "
                    "delayed or completed."
                ),
                url=commitment.get_absolute_url(),
            )
    return len(stale)
