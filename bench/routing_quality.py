"""Quality of routing offers to UN entities, on a small hand-labelled set.

Reproduce with:

    .venv/bin/python bench/routing_quality.py

Labelled set: bench/data/routing_offers.csv, 34 realistic company offers (text, SDGs, resource
types, countries) each with the entities a UN partnership practitioner would expect to receive
it (`expected`, ';'-joined acronyms of partnerhub/entities/data/un_system_entities.csv). The
labels were written by the ranking's author from general knowledge of the entities' mandates,
BEFORE any routing output was seen, and not changed afterwards. One author, 34 offers: treat
the figures as a sanity check, not a measurement.

Profiles, as the hub would assemble them today: for each of the 169 entities of the UN System
Chart list, its long name + chart description, plus for the 32 with a curated hub profile
(partnerhub/entities/data/hub_profiles.json) the mandate summary, how-to-partner text and SDGs.
No countries of operation, themes or accepted offers exist yet, so those components are inert.

Figures: hit@1 and hit@3 (an expected entity is first / among the top 3) and MRR over the
expected entities' best rank in the top 10.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerhub.marketplace.ranking.routing import EntityProfile, Router

REPOSITORY = Path(__file__).resolve().parent.parent
ENTITIES = REPOSITORY / "partnerhub" / "entities" / "data"
OFFERS = Path(__file__).resolve().parent / "data" / "routing_offers.csv"


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split(";") if part.strip()]


def load_profiles() -> list[EntityProfile]:
    curated = json.loads((ENTITIES / "hub_profiles.json").read_text(encoding="utf-8"))["profiles"]
    profiles = []
    with (ENTITIES / "un_system_entities.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            hub = curated.get(row["entity"], {})
            parts = [
                row["entity_long"],
                row["entity_description"],
                hub.get("mandate", ""),
                hub.get("how_to_partner", ""),
            ]
            profiles.append(
                EntityProfile(
                    acronym=row["entity"],
                    text="\n".join(part for part in parts if part),
                    sdgs=frozenset(hub.get("sdgs", [])),
                )
            )
    return profiles


def load_offers() -> list[dict[str, str]]:
    with OFFERS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected(offer: dict[str, str]) -> set[str]:
    return set(_split(offer["expected"]))


def route_arguments(offer: dict[str, str]) -> dict[str, Any]:
    return {
        "text": offer["text"],
        "sdgs": frozenset(int(goal) for goal in _split(offer["sdgs"])),
        "countries": frozenset(_split(offer["countries"])),
        "resource_types": frozenset(_split(offer["resource_types"])),
    }


def main() -> None:
    started = time.perf_counter()
    profiles = load_profiles()
    router = Router(profiles)
    offers = load_offers()
    hits1 = hits3 = 0
    reciprocal = 0.0
    for offer in offers:
        wanted = expected(offer)
        routes = router.route(**route_arguments(offer), limit=10)
        ranked = [route.acronym for route in routes]
        first = next((rank for rank, acronym in enumerate(ranked) if acronym in wanted), None)
        hits1 += first == 0
        hits3 += first is not None and first < 3
        reciprocal += 1 / (first + 1) if first is not None else 0.0
        mark = "ok " if first is not None and first < 3 else "MISS"
        print(f"{mark} {offer['id']:>2} {offer['text'][:60]:<60} -> {', '.join(ranked[:3])}")
        print(
            f"        expected {', '.join(sorted(wanted))}; first expected at rank "
            f"{first + 1 if first is not None else '>10'}"
        )
        if offer["id"] == "1":
            for route in routes[:3]:
                print(f"        {route.acronym} {route.score:.3f}: {'; '.join(route.reasons)}")
    n = len(offers)
    print(f"\nentities: {len(profiles)} ({len(router.profiles)} with some profile); offers: {n}")
    print(
        f"hit@1 {hits1}/{n} = {hits1 / n:.2f}; hit@3 {hits3}/{n} = {hits3 / n:.2f}; "
        f"MRR@10 {reciprocal / n:.3f}"
    )
    print(f"total {time.perf_counter() - started:.1f} s")
    print("reproduce: .venv/bin/python bench/routing_quality.py")


if __name__ == "__main__":
    main()
