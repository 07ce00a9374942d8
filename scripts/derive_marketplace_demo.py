"""Derive the marketplace demo set (partnerhub/marketplace/data/demo_marketplace.json) from
real public records in ../shared/data/partnerships:

- needs: voluntary commitments that UN entities registered in the UN Ocean Conference
  "Ocean Commitments" network (un_ocean_commitments.csv), each shown as the entity seeking
  partners for its commitment;
- offers: digital public goods from the DPG Alliance registry (dpg_registry_sdg.csv) whose
  development or deployment countries are known, each shown as its owner offering the
  technology.

Reproduce with:

    python3 scripts/derive_marketplace_demo.py /work/shared/data/partnerships

The output keeps each record's source and address so every demo page can say where it comes
from. Texts are cut to 1,500 characters at a sentence end.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ROOT / "partnerhub" / "vocabularies" / "data" / "countries.csv"
OUTPUT = ROOT / "partnerhub" / "marketplace" / "data" / "demo_marketplace.json"
MAX_TEXT = 1500
NEEDS_PER_ENTITY = 8
MAX_OFFERS = 120
# Acronyms that name something else in the commitments ("Coral Triangle Center (CTC)").
ACRONYM_COLLISIONS = {"CTC"}
# Country names in the DPG registry that differ from the M49 English names.
COUNTRY_ALIASES = {
    "united states of america": "US",
    "united states": "US",
    "united kingdom": "GB",
    "tanzania": "TZ",
    "vietnam": "VN",
    "russia": "RU",
    "bolivia": "BO",
    "venezuela": "VE",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "moldova": "MD",
    "south korea": "KR",
    "korea, republic of": "KR",
    "north korea": "KP",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "czech republic": "CZ",
    "turkey": "TR",
    "netherlands": "NL",
    "palestine": "PS",
    "micronesia": "FM",
    "eswatini": "SZ",
    "cape verde": "CV",
}


def cut(text: str) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= MAX_TEXT:
        return text
    head = text[:MAX_TEXT]
    end = head.rfind(". ")
    return head[: end + 1] if end > MAX_TEXT // 2 else head.rstrip() + "…"


def country_codes() -> dict[str, str]:
    codes = dict(COUNTRY_ALIASES)
    with COUNTRIES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes[row["name_en"].lower()] = row["iso2"]
    return codes


def un_acronyms(source: Path) -> list[str]:
    with (source / "un_system_entities.csv").open(encoding="utf-8") as f:
        return [r["entity"] for r in csv.DictReader(f) if len(r["entity"]) > 2]


def derive_needs(source: Path) -> list[dict[str, object]]:
    acronyms = un_acronyms(source)
    needs: list[dict[str, object]] = []
    per_entity: dict[str, int] = {}
    with (source / "un_ocean_commitments.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["has_duplicate_title"] == "True" or row["has_duplicate_description"] == "True":
                continue
            # The commitment must be the UN entity's own: its acronym in the first named party,
            # not in a ministry's or a youth group's commitment that mentions it.
            first_party = re.split(r",| and | with |;", row["entity"], maxsplit=1)[0]
            if re.search(r"\b(ministry|group|government)\b", first_party, re.IGNORECASE):
                continue
            entity = next(
                (
                    a
                    for a in acronyms
                    if a not in ACRONYM_COLLISIONS
                    and re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", first_party)
                ),
                None,
            )
            if entity is None or per_entity.get(entity, 0) >= NEEDS_PER_ENTITY:
                continue
            if len(row["description"]) < 200:
                continue
            per_entity[entity] = per_entity.get(entity, 0) + 1
            needs.append(
                {
                    "source_id": row["ocean_action_id"],
                    "entity": entity,
                    "title": row["title"][:200],
                    "description": cut(row["description"]),
                    "sdgs": [int(s) for s in row["sdgs"].split(";") if s],
                    "targets": [t for t in row["sdg14_targets"].split(";") if t],
                    "url": row["url"],
                }
            )
    return needs


def derive_offers(source: Path) -> list[dict[str, object]]:
    codes = country_codes()
    offers: list[dict[str, object]] = []
    with (source / "dpg_registry_sdg.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            owners = [
                re.sub(r"\s*\((owner|maintainer|funder|implementer)\)\s*$", "", o).strip()
                for o in row["organizations"].split(";")
                if "(owner)" in o
            ]
            developed = [
                codes.get(c.strip().lower()) for c in row["development_countries"].split(";")
            ]
            deployed = [
                codes.get(c.strip().lower()) for c in row["deployment_countries"].split(";")
            ]
            home = next((c for c in developed + deployed if c), None)
            if not owners or home is None or len(row["description"]) < 80:
                continue
            offers.append(
                {
                    "source_id": row["slug"],
                    "organisation": owners[0][:300],
                    "organisation_country": home,
                    "title": row["name"][:200],
                    "description": cut(row["description"]),
                    "kind": row["type"],
                    "sdgs": [int(s) for s in row["sdgs"].split(";") if s],
                    "countries": sorted({c for c in deployed if c})[:20],
                    "website": row["website"],
                    "stage": row["stage"],
                    "url": f"https://github.com/DPGAlliance/publicgoods-candidates/blob/main/{row['source_path']}",
                }
            )
            if len(offers) >= MAX_OFFERS:
                break
    return offers


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: derive_marketplace_demo.py SHARED_PARTNERSHIPS_DIR")
    source = Path(sys.argv[1])
    data = {
        "about": (
            "Marketplace demo set derived by scripts/derive_marketplace_demo.py from the UN "
            "Ocean Commitments (sdgs.un.org/partnerships, as scraped in "
            "pboutet/un_ocean_commitments) "
            "and the DPG Alliance registry (DPGAlliance/publicgoods-candidates, public domain). "
            "See SOURCES.md."
        ),
        "needs": derive_needs(source),
        "offers": derive_offers(source),
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['needs'])} needs, {len(data['offers'])} offers -> {OUTPUT}")


if __name__ == "__main__":
    main()
