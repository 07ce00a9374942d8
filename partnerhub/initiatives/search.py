"""Initiatives, commitments and events in the hub's full-text search (partnerhub.search): the
public ones appear on /search/, and the lists can search any queryset of them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import selectors
from partnerhub.initiatives.models import Commitment, Deliverable, Event, Initiative, Session
from partnerhub.organisations.models import Organisation
from partnerhub.search.registry import SearchDocument, register


def _names(items: Any) -> str:
    return " ".join(str(item) for item in items)


def _initiative_document(initiative: Initiative) -> SearchDocument:
    entities = list(initiative.convening_entities.all())
    return SearchDocument(
        title=initiative.name,
        body=initiative.description,
        keywords=" ".join(
            [
                initiative.acronym,
                _names(e.acronym for e in entities),
                _names(e.name for e in entities),
                _names(f"SDG {goal.pk}" for goal in initiative.sdgs.all()),
            ]
        ),
    )


def _commitment_document(commitment: Commitment) -> SearchDocument:
    maker = commitment.organisation or commitment.un_entity
    return SearchDocument(
        title=commitment.title,
        body=commitment.description,
        keywords=" ".join(
            [
                str(maker or ""),
                str(commitment.initiative or ""),
                str(commitment.event or ""),
                commitment.in_kind,
                commitment.staff_expertise,
                _names(d.description for d in commitment.deliverables.all()),
                _names(country.label for country in commitment.countries.all()),
                _names(f"SDG {goal.pk}" for goal in commitment.sdgs.all()),
            ]
        ),
    )


def _event_document(event: Event) -> SearchDocument:
    return SearchDocument(
        title=event.title,
        body=event.description,
        keywords=" ".join(
            [
                event.venue,
                event.country.label if event.country is not None else "",
                str(event.initiative or ""),
                _names(s.title for s in event.sessions.all()),
                _names(s.speakers for s in event.sessions.all()),
                _names(o.legal_name for o in event.participants.all()),
                _names(e.acronym for e in event.organising_entities.all()),
            ]
        ),
    )


def register_search_kinds() -> None:
    register(
        "initiative",
        model=Initiative,
        label=_("Initiatives"),
        document=_initiative_document,
        public=selectors.public_initiatives,
        queryset=lambda: Initiative.objects.prefetch_related("convening_entities", "sdgs"),
        m2m=("convening_entities", "sdgs"),
        related={
            UNEntity: lambda entity: Initiative.objects.filter(
                convening_entities=entity
            ).values_list("pk", flat=True)
        },
    )
    register(
        "commitment",
        model=Commitment,
        label=_("Commitments"),
        document=_commitment_document,
        public=selectors.public_commitments,
        queryset=lambda: Commitment.objects.select_related(
            "organisation", "un_entity", "initiative", "event"
        ).prefetch_related("deliverables", "countries", "sdgs"),
        m2m=("countries", "sdgs"),
        related={
            Deliverable: lambda deliverable: [deliverable.commitment_id],
            # Publishing or withdrawing an initiative or event changes which commitments
            # are public.
            Initiative: lambda initiative: Commitment.objects.filter(
                initiative=initiative
            ).values_list("pk", flat=True),
            Event: lambda event: Commitment.objects.filter(event=event).values_list(
                "pk", flat=True
            ),
            Organisation: lambda organisation: Commitment.objects.filter(
                organisation=organisation
            ).values_list("pk", flat=True),
        },
    )
    register(
        "event",
        model=Event,
        label=_("Events"),
        document=_event_document,
        public=selectors.public_events,
        queryset=lambda: Event.objects.select_related("country", "initiative").prefetch_related(
            "sessions", "participants", "organising_entities"
        ),
        m2m=("participants", "organising_entities"),
        related={Session: lambda session: [session.event_id]},
    )
