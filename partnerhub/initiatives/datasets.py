"""The open datasets of initiatives, commitments and events, registered with the open-data
registry in InitiativesConfig.ready(). Their rows come from the app's public selectors only,
so a draft (or a commitment to a draft initiative or event) is never published."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.initiatives import progress, selectors
from partnerhub.initiatives.models import Commitment, Event, Initiative, PublicationStatus
from partnerhub.opendata import registry
from partnerhub.opendata.registry import Column, Dataset, Filter, register

YES = ("yes", "true", "1")
NO = ("no", "false", "0")
WHEN = ("upcoming", "past")


# --- Filters ------------------------------------------------------------------------------------


def _raise(errors: dict[str, str], values: dict[str, str]) -> None:
    registry.raise_filter_errors(
        errors, values, kinds=", ".join(Event.Kind.values), when=" or ".join(WHEN)
    )


def _clean_initiative(
    values: dict[str, str], cleaned: dict[str, Any], errors: dict[str, str]
) -> None:
    if "initiative" not in values:
        return
    if selectors.public_initiatives().filter(slug=values["initiative"]).exists():
        cleaned["initiative"] = values["initiative"]
    else:
        # A draft initiative's address is not confirmed either.
        errors["initiative"] = _("No published initiative has the address “%(value)s”.")


def clean_initiative_filters(parameters: Mapping[str, str]) -> dict[str, Any]:
    values = registry.filter_values(parameters, ("entity", "sdg"))
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    registry.clean_entity(values, cleaned, errors)
    registry.clean_sdg(values, cleaned, errors)
    _raise(errors, values)
    return cleaned


def clean_commitment_filters(parameters: Mapping[str, str]) -> dict[str, Any]:
    values = registry.filter_values(parameters, ("initiative", "sdg", "country", "stale"))
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    _clean_initiative(values, cleaned, errors)
    registry.clean_sdg(values, cleaned, errors)
    registry.clean_country(values, cleaned, errors)
    if "stale" in values:
        answer = values["stale"].lower()
        if answer in YES:
            cleaned["stale"] = True
        elif answer in NO:
            cleaned["stale"] = False
        else:
            errors["stale"] = _("“%(value)s” is not an answer: use yes or no.")
    _raise(errors, values)
    return cleaned


def clean_event_filters(parameters: Mapping[str, str]) -> dict[str, Any]:
    values = registry.filter_values(parameters, ("when", "kind", "country", "initiative"))
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "when" in values:
        if values["when"] in WHEN:
            cleaned["when"] = values["when"]
        else:
            errors["when"] = _("“%(value)s” is not a period: use %(when)s.")
    if "kind" in values:
        if values["kind"] in Event.Kind.values:
            cleaned["kind"] = values["kind"]
        else:
            errors["kind"] = _("“%(value)s” is not a kind of event: use %(kinds)s.")
    registry.clean_country(values, cleaned, errors)
    _clean_initiative(values, cleaned, errors)
    _raise(errors, values)
    return cleaned


INITIATIVE_FILTER = Filter("initiative", gettext_lazy("An initiative's address on the hub"))


# --- Records ------------------------------------------------------------------------------------


def initiative_record(initiative: Initiative) -> dict[str, Any]:
    members = list(initiative.members.all())
    return {
        "id": initiative.pk,
        "slug": initiative.slug,
        "name": initiative.name,
        "acronym": initiative.acronym,
        "description": initiative.description,
        "source": initiative.provenance,
        "website": initiative.website,
        "launched_on": initiative.launched_on,
        "convening_entities": [e.acronym for e in initiative.convening_entities.all()],
        "sdgs": registry.sdg_numbers(initiative),
        "members": [str(member.body) for member in members],
        "members_since": [member.since for member in members],
        "updated_at": initiative.updated_at,
        "url": registry.absolute_url(initiative),
    }


INITIATIVES = Dataset(
    slug="initiatives",
    title=gettext_lazy("Multi-stakeholder initiatives"),
    description=gettext_lazy(
        "Initiatives convened by UN-system entities in which companies and other organisations "
        "take part and make commitments."
    ),
    columns=(
        Column("id", gettext_lazy("The initiative's number on the hub"), int),
        Column("slug", gettext_lazy("Address on the hub (used by the initiative filters)")),
        Column("name", gettext_lazy("Name")),
        Column("acronym", gettext_lazy("Short name")),
        Column("description", gettext_lazy("Description")),
        Column("source", gettext_lazy("Where the description comes from")),
        Column("website", gettext_lazy("Website")),
        Column("launched_on", gettext_lazy("Launched on (ISO 8601)"), str, nullable=True),
        Column(
            "convening_entities", gettext_lazy("Acronyms of the convening UN entities"), list[str]
        ),
        registry.SDGS_COLUMN,
        Column("members", gettext_lazy("Members: organisations and UN entities"), list[str]),
        Column("members_since", gettext_lazy("The day each member joined"), list[str]),
        Column("updated_at", gettext_lazy("Last change (ISO 8601, UTC offset)")),
        Column("url", gettext_lazy("The initiative's page")),
    ),
    rows=selectors.public_initiative_rows,
    record=initiative_record,
    filters=(
        Filter("entity", gettext_lazy("A convening UN entity's address on the hub (e.g. wfp)")),
        registry.SDG_FILTER,
    ),
    clean_filters=clean_initiative_filters,
)


def commitment_record(commitment: Commitment) -> dict[str, Any]:
    deliverables = list(commitment.deliverables.all())
    last_report_on = commitment.last_report_on  # type: ignore[attr-defined]
    return {
        "id": commitment.pk,
        "title": commitment.title,
        "description": commitment.description,
        "maker": str(commitment.maker),
        "maker_kind": "organisation" if commitment.organisation_id else "un_entity",
        "initiative": commitment.initiative.slug if commitment.initiative else "",
        "event_id": commitment.event_id,
        "made_on": commitment.made_on,
        "financial_amount": commitment.financial_amount,
        "financial_currency": commitment.financial_currency,
        "in_kind": commitment.in_kind,
        "staff_expertise": commitment.staff_expertise,
        "sdgs": registry.sdg_numbers(commitment),
        "sdg_targets": registry.sdg_target_codes(commitment),
        "countries": [c.iso2 for c in commitment.countries.all()],
        "deliverables": [d.description for d in deliverables],
        "deliverable_due_on": [d.due_on for d in deliverables],
        "deliverable_statuses": [d.status for d in deliverables],
        "last_report_on": last_report_on,
        "stale": progress.is_stale(
            made_on=commitment.made_on,
            last_report_on=last_report_on,
            completed=not commitment.has_open,  # type: ignore[attr-defined]
            today=timezone.localdate(),
        ),
        "is_illustrative": commitment.is_illustrative,
        "url": registry.absolute_url(commitment),
    }


COMMITMENTS = Dataset(
    slug="commitments",
    title=gettext_lazy("Voluntary commitments"),
    description=gettext_lazy(
        "Commitments made by companies, other organisations and UN entities to initiatives or "
        "announced at events, with their deliverables, the resources pledged and progress."
    ),
    note=gettext_lazy(
        "A commitment is stale when a deliverable is still open and nothing has been reported "
        "for more than a year. Illustrative commitments are demo examples, not real pledges."
    ),
    columns=(
        Column("id", gettext_lazy("The commitment's number on the hub"), int),
        Column("title", gettext_lazy("Title")),
        Column("description", gettext_lazy("Description")),
        Column("maker", gettext_lazy("Who makes it: an organisation's legal name or a UN entity")),
        Column("maker_kind", gettext_lazy("organisation or un_entity")),
        Column("initiative", gettext_lazy("The initiative's address on the hub, if any")),
        Column(
            "event_id", gettext_lazy("The event it was announced at, if any"), int, nullable=True
        ),
        Column("made_on", gettext_lazy("Made or announced on (ISO 8601)")),
        Column("financial_amount", gettext_lazy("Money pledged"), str, nullable=True),
        Column("financial_currency", gettext_lazy("Currency of the money pledged (ISO 4217)")),
        Column("in_kind", gettext_lazy("In-kind resources pledged")),
        Column("staff_expertise", gettext_lazy("Staff and expertise pledged")),
        registry.SDGS_COLUMN,
        registry.SDG_TARGETS_COLUMN,
        registry.COUNTRIES_COLUMN,
        Column("deliverables", gettext_lazy("The deliverables, soonest due first"), list[str]),
        Column("deliverable_due_on", gettext_lazy("Each deliverable's due date"), list[str]),
        Column(
            "deliverable_statuses",
            gettext_lazy(
                "Each deliverable's latest status: not_reported, on_track, delayed or completed"
            ),
            list[str],
        ),
        Column(
            "last_report_on", gettext_lazy("Date of the latest progress report"), str, nullable=True
        ),
        Column("stale", gettext_lazy("No progress reported for more than a year"), bool),
        Column("is_illustrative", gettext_lazy("A demo example, not a real commitment"), bool),
        Column("url", gettext_lazy("The commitment's page")),
    ),
    rows=selectors.public_commitment_rows,
    record=commitment_record,
    filters=(
        INITIATIVE_FILTER,
        registry.SDG_FILTER,
        registry.COUNTRY_FILTER,
        Filter("stale", gettext_lazy("yes: only stale commitments; no: only the others")),
    ),
    clean_filters=clean_commitment_filters,
)


def event_record(event: Event) -> dict[str, Any]:
    sessions = list(event.sessions.all())
    initiative = event.initiative
    public_initiative = (
        initiative if initiative and initiative.status == PublicationStatus.PUBLISHED else None
    )
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "country": event.country_id or "",
        "venue": event.venue,
        "is_online": event.is_online,
        "description": event.description,
        "source": event.provenance,
        "initiative": public_initiative.slug if public_initiative else "",
        "organising_entities": [e.acronym for e in event.organising_entities.all()],
        "participants": [o.legal_name for o in event.participants.all()],
        "sessions": [s.title for s in sessions],
        "session_starts_at": [s.starts_at for s in sessions],
        "is_illustrative": event.is_illustrative,
        "url": registry.absolute_url(event),
    }


EVENTS = Dataset(
    slug="events",
    title=gettext_lazy("Events with a private-sector track"),
    description=gettext_lazy(
        "Conferences, forums and advisory group meetings organised by UN-system entities where "
        "companies take part and commitments are announced."
    ),
    columns=(
        Column("id", gettext_lazy("The event's number on the hub"), int),
        Column("title", gettext_lazy("Title")),
        Column("kind", gettext_lazy("conference, forum, advisory_group or other")),
        Column("starts_on", gettext_lazy("First day (ISO 8601)")),
        Column("ends_on", gettext_lazy("Last day (ISO 8601)")),
        Column("country", gettext_lazy("Country (ISO 3166-1 alpha-2), if not online only")),
        Column("venue", gettext_lazy("City or venue")),
        Column("is_online", gettext_lazy("Held online"), bool),
        Column("description", gettext_lazy("Description")),
        Column("source", gettext_lazy("Where the description comes from")),
        Column("initiative", gettext_lazy("The initiative's address on the hub, if any")),
        Column(
            "organising_entities", gettext_lazy("Acronyms of the organising UN entities"), list[str]
        ),
        Column(
            "participants",
            gettext_lazy("Participating companies and organisations (legal names)"),
            list[str],
        ),
        Column("sessions", gettext_lazy("Titles of the sessions, in order"), list[str]),
        Column("session_starts_at", gettext_lazy("When each session starts (ISO 8601)"), list[str]),
        Column(
            "is_illustrative", gettext_lazy("A demo example that did not happen as shown"), bool
        ),
        Column("url", gettext_lazy("The event's page")),
    ),
    rows=selectors.public_event_rows,
    record=event_record,
    filters=(
        Filter("when", gettext_lazy("upcoming (not yet ended) or past")),
        Filter("kind", gettext_lazy("conference, forum, advisory_group or other")),
        registry.COUNTRY_FILTER,
        INITIATIVE_FILTER,
    ),
    clean_filters=clean_event_filters,
)


def register_datasets() -> None:
    for dataset in (INITIATIVES, COMMITMENTS, EVENTS):
        register(dataset)
