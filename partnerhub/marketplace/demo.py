"""The marketplace part of the demo data set: real public records shown as needs and offers
(see data/SOURCES.md), and a few fictional ones that make the journeys walkable.

Every record says where it comes from in its description. Loading is idempotent: a record
whose title already exists for its owner is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from partnerhub.accounts.models import User
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import services
from partnerhub.marketplace.models import Need, Offer, OfferRoute
from partnerhub.marketplace.tagging import suggest_sdgs
from partnerhub.organisations.models import Organisation, OrganisationKind
from partnerhub.organisations.services import organisation_register
from partnerhub.vocabularies.models import Country, ResourceType, SDGTarget

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_marketplace.json"
FICTIONAL = "Fictional record in the partnerhub demo data."


@dataclass
class FictionalListing:
    owner: str  # entity acronym for a need, organisation legal name for an offer
    title: str
    description: str
    resource_types: list[str]
    sdgs: list[int]
    countries: list[str]
    extra: dict[str, Any] = field(default_factory=dict)


FICTIONAL_NEEDS = [
    FictionalListing(
        owner="WFP",
        title="Warehouse space and trucks for drought response in northern Kenya",
        description=(
            "WFP needs 2,000 m² of dry storage near Lodwar and ten trucks for the last mile to "
            "food distribution points during the drought response, for six months."
        ),
        resource_types=["logistics", "in-kind-goods"],
        sdgs=[2],
        countries=["KE"],
        extra={"estimated_value_usd": 450000, "contact_name": "Kenji Sato"},
    ),
    FictionalListing(
        owner="UNDP",
        title="Agronomy training for women hibiscus farmers in Kordofan",
        description=(
            "UNDP seeks a partner to train 1,200 women hibiscus farmers in North and South "
            "Kordofan in drying, grading and storage, and to buy their harvest at fair prices."
        ),
        resource_types=["pro-bono-expertise", "funds"],
        sdgs=[5, 8, 2],
        countries=["SD"],
        extra={"estimated_value_usd": 120000, "contact_name": "Grace Otieno"},
    ),
]

FICTIONAL_OFFERS = [
    FictionalListing(
        owner="Rift Valley Haulage Ltd",
        title="Refrigerated trucks for vaccine and food distribution in East Africa",
        description=(
            "Rift Valley Haulage offers 15 refrigerated trucks with drivers and 3,000 m² of "
            "cold storage in Nairobi and Mombasa for humanitarian cold chains: vaccines, "
            "nutrition supplies and fresh food."
        ),
        resource_types=["logistics", "in-kind-goods"],
        sdgs=[2, 3],
        countries=["KE", "UG", "TZ"],
        extra={"in_kind_value_usd": 380000, "conditions": "Fuel costs covered by the UN partner."},
    ),
    FictionalListing(
        owner="Nile Hibiscus Traders Co.",
        title="Buying contracts and post-harvest training for hibiscus growers",
        description=(
            "We offer five-year buying contracts at a guaranteed floor price and training in "
            "drying and grading for smallholder hibiscus farmers, women first, in Sudan."
        ),
        resource_types=["pro-bono-expertise"],
        sdgs=[5, 8],
        countries=["SD"],
        extra={"pro_bono_hours": 600},
    ),
    FictionalListing(
        owner="Kestrel Telecom plc",
        title="Emergency connectivity kits and SMS alerts for disaster response",
        description=(
            "Satellite-backed mobile connectivity kits for first responders and free SMS "
            "early-warning broadcasts to subscribers in affected areas."
        ),
        resource_types=["technology"],
        sdgs=[11, 13],
        countries=["KE", "GB"],
        extra={"cash_value_usd": 50000, "in_kind_value_usd": 200000},
    ),
]


def _load_file() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return data


def _set_listing(
    listing: Need | Offer,
    *,
    resource_types: Sequence[str],
    sdgs: Sequence[int],
    countries: Sequence[str],
    targets: Sequence[str] = (),
) -> None:
    listing.sdg_suggestions = suggest_sdgs(f"{listing.title}\n{listing.description}")
    listing.save(update_fields=["sdg_suggestions"])
    listing.resource_types.set(ResourceType.objects.filter(pk__in=resource_types))
    listing.sdgs.set(sdgs)
    listing.countries.set(Country.objects.filter(pk__in=countries))
    listing.sdg_targets.set(SDGTarget.objects.filter(pk__in=targets, goal_id__in=sdgs))


def _need(
    entity: UNEntity,
    *,
    title: str,
    description: str,
    creator: User | None,
    resource_types: Sequence[str],
    sdgs: Sequence[int],
    countries: Sequence[str],
    targets: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
    provenance: str = "",
) -> bool:
    if Need.objects.filter(entity=entity, title=title).exists():
        return False
    now = timezone.now()
    need = Need.objects.create(
        entity=entity,
        title=title,
        description=description,
        status=Need.Status.OPEN,
        visibility="public",
        published_at=now,
        created_by=creator,
        provenance=provenance,
        **(extra or {}),
    )
    _set_listing(
        need, resource_types=resource_types, sdgs=sdgs, countries=countries, targets=targets
    )
    audit_record(actor=creator, verb="need.created", target=need, details={"demo": True})
    return True


def _offer(
    organisation: Organisation,
    *,
    title: str,
    description: str,
    creator: User | None,
    resource_types: Sequence[str],
    sdgs: Sequence[int],
    countries: Sequence[str],
    extra: dict[str, Any] | None = None,
    provenance: str = "",
) -> Offer | None:
    if Offer.objects.filter(organisation=organisation, title=title).exists():
        return None
    offer = Offer.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        created_by=creator,
        provenance=provenance,
        **(extra or {}),
    )
    _set_listing(offer, resource_types=resource_types, sdgs=sdgs, countries=countries)
    audit_record(actor=creator, verb="offer.created", target=offer, details={"demo": True})
    # The hub routes the offer as it would a company's submission.
    services._offer_submit(offer, actor=creator)
    return offer


def load_marketplace_demo(users: dict[str, User]) -> dict[str, int]:
    # Loading the demo announces nothing by e-mail (the console would fill with a hundred
    # routing messages); the in-app notifications are kept, so the demo inboxes have them.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load_marketplace_demo(users)


def _load_marketplace_demo(users: dict[str, User]) -> dict[str, int]:
    data = _load_file()
    entities = {e.acronym: e for e in UNEntity.objects.all()}
    creators = {"WFP": users.get("focal.wfp"), "UNDP": users.get("focal.undp")}
    with transaction.atomic():
        for item in data["needs"]:
            entity = entities.get(item["entity"])
            if entity is None:
                continue
            provenance = (
                f"A voluntary commitment {entity.acronym} registered in the UN Ocean "
                f"Commitments ({item['source_id']}), {item['url']}, shown in the partnerhub "
                "demo as a need for partners."
            )
            _need(
                entity,
                title=item["title"],
                description=item["description"],
                provenance=provenance,
                creator=creators.get(entity.acronym),
                resource_types=[],
                sdgs=item["sdgs"],
                countries=[],
                targets=item["targets"],
            )
        for demo in FICTIONAL_NEEDS:
            _need(
                entities[demo.owner],
                title=demo.title,
                description=demo.description,
                creator=creators.get(demo.owner),
                resource_types=demo.resource_types,
                sdgs=demo.sdgs,
                countries=demo.countries,
                extra=demo.extra,
                provenance=FICTIONAL,
            )

    coordinator = users["coordinator"]
    for item in data["offers"]:
        organisation = Organisation.objects.filter(legal_name=item["organisation"]).first()
        if organisation is None:
            organisation = organisation_register(
                actor=coordinator,
                legal_name=item["organisation"],
                country=item["organisation_country"],
                kind=OrganisationKind.OTHER,
                website=item["website"][:300] if item["website"].startswith("http") else "",
                description=(
                    f"Owner of {item['title']} in the Digital Public Goods Alliance registry. "
                    "Registered in the partnerhub demo data from that registry."
                ),
                confirm_not_duplicate=True,
            )
        provenance = (
            f"The Digital Public Goods Alliance registry ({item['stage']}: {item['source_id']}), "
            f"{item['url']}, shown in the partnerhub demo as an offer of this technology."
        )
        with transaction.atomic():
            _offer(
                organisation,
                title=item["title"],
                description=item["description"],
                provenance=provenance,
                creator=None,
                resource_types=["technology"],
                sdgs=item["sdgs"],
                countries=item["countries"],
            )

    reps = {
        "Rift Valley Haulage Ltd": users.get("rep.haulage"),
        "Nile Hibiscus Traders Co.": users.get("rep.hibiscus"),
    }
    for demo in FICTIONAL_OFFERS:
        organisation = Organisation.objects.get(legal_name=demo.owner)
        with transaction.atomic():
            offer = _offer(
                organisation,
                title=demo.title,
                description=demo.description,
                creator=reps.get(demo.owner),
                resource_types=demo.resource_types,
                sdgs=demo.sdgs,
                countries=demo.countries,
                extra=demo.extra,
                provenance=FICTIONAL,
            )
        if offer is not None and demo.owner == "Rift Valley Haulage Ltd":
            # Show a route already handled: WFP acknowledged it (if it was routed there).
            route = OfferRoute.objects.filter(offer=offer, entity__acronym="WFP").first()
            focal = users.get("focal.wfp")
            if route is not None and focal is not None:
                services.route_respond(route=route, to="acknowledged", actor=focal)

    return {
        "needs": Need.objects.count(),
        "offers": Offer.objects.count(),
        "offer_routes": OfferRoute.objects.count(),
    }
