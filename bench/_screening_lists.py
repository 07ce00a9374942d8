"""The three sanctions lists as `ListedEntry` values, for the screening benchmarks.

Read with the application's own parsers (partnerhub/screening/sources/), so the benchmarks
screen exactly what the application indexes.
"""

from __future__ import annotations

from pathlib import Path

from rigour.territories import lookup_territory

from partnerhub.screening.records import ListedEntry
from partnerhub.screening.sources import parse_combined_json, parse_ofac_sdn_csv, parse_un_xml

ROOT = Path(__file__).resolve().parent.parent
UN_XML = ROOT / "partnerhub/screening/data/un_sc_consolidated_2026-05-08.xml"
# shared/ sits beside the repository (/work/shared next to /work/main, and likewise in CI).
SHARED_DATA = ROOT.parent / "shared" / "data"
SHARED = SHARED_DATA / "screening"
OFAC_CSV = SHARED / "ofac_sdn_2024-05-03.csv"
COMBINED_JSON = SHARED / "eu_un_ofaccons_combined_2026-01-28.json"
# The OFAC CSV states no date; this is the commit date of the snapshot (SOURCES.md).
OFAC_GENERATED_AT = "2024-05-03T18:43:00Z"


def country_code(text: str) -> str:
    """ISO 3166-1 alpha-2 (upper case) for a country name or code, "" when unknown."""
    territory = lookup_territory(text.strip()) if text.strip() else None
    return territory.code.upper()[:2] if territory is not None else ""


def load_un() -> list[ListedEntry]:
    return list(parse_un_xml(UN_XML.read_bytes()).entries)


def load_ofac() -> list[ListedEntry]:
    snapshot = parse_ofac_sdn_csv(OFAC_CSV.read_bytes(), generated_at=OFAC_GENERATED_AT)
    return list(snapshot.entries)


def load_combined() -> list[ListedEntry]:
    return list(parse_combined_json(COMBINED_JSON.read_bytes()).entries)
