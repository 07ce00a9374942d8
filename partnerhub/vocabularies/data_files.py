"""Read the vocabulary data files shipped in vocabularies/data/ (no Django imports).

Sources are listed in data/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

DATA_DIR = Path(__file__).resolve().parent / "data"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def gettext_noop(message: str) -> str:
    """Mark a string for `makemessages` without importing Django; translate it at display time."""
    return message


# Official SDG short titles and colours (UN Department of Global Communications guidelines).
# The titles are stored in English (SDGGoal.short_title) and translated by SDGGoal.__str__.
SDG_SHORT_TITLES = {
    1: (gettext_noop("No poverty"), "#E5243B"),
    2: (gettext_noop("Zero hunger"), "#DDA63A"),
    3: (gettext_noop("Good health and well-being"), "#4C9F38"),
    4: (gettext_noop("Quality education"), "#C5192D"),
    5: (gettext_noop("Gender equality"), "#FF3A21"),
    6: (gettext_noop("Clean water and sanitation"), "#26BDE2"),
    7: (gettext_noop("Affordable and clean energy"), "#FCC30B"),
    8: (gettext_noop("Decent work and economic growth"), "#A21942"),
    9: (gettext_noop("Industry, innovation and infrastructure"), "#FD6925"),
    10: (gettext_noop("Reduced inequalities"), "#DD1367"),
    11: (gettext_noop("Sustainable cities and communities"), "#FD9D24"),
    12: (gettext_noop("Responsible consumption and production"), "#BF8B2E"),
    13: (gettext_noop("Climate action"), "#3F7E44"),
    14: (gettext_noop("Life below water"), "#0A97D9"),
    15: (gettext_noop("Life on land"), "#56C02B"),
    16: (gettext_noop("Peace, justice and strong institutions"), "#00689D"),
    17: (gettext_noop("Partnerships for the goals"), "#19486A"),
}


@dataclass(frozen=True)
class CodelistItem:
    code: str
    name: str
    names: dict[str, str] = field(default_factory=dict)


def read_iati_codelist(path: Path) -> list[CodelistItem]:
    """Items of an IATI codelist XML file: code, English name, names in other languages."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    items = []
    for item in tree.iterfind(".//codelist-item"):
        code = (item.findtext("code") or "").strip()
        english = ""
        names: dict[str, str] = {}
        for narrative in item.iterfind("name/narrative"):
            text = (narrative.text or "").strip()
            lang = narrative.get(XML_LANG)
            if lang is None or lang == "en":
                english = text
            elif text:
                names[lang] = text
        items.append(CodelistItem(code=code, name=english, names=names))
    return items


def read_sdg_goals() -> list[dict[str, object]]:
    goals = []
    for item in read_iati_codelist(DATA_DIR / "UNSDG-Goals.xml"):
        number = int(item.code)
        short_title, colour = SDG_SHORT_TITLES[number]
        goals.append(
            {
                "number": number,
                "short_title": short_title,
                "colour": colour,
                "name": item.name,
                "names": item.names,
            }
        )
    return goals


def read_sdg_targets() -> list[dict[str, object]]:
    targets = []
    position_in_goal: dict[int, int] = {}
    for item in read_iati_codelist(DATA_DIR / "UNSDG-Targets.xml"):
        goal = int(item.code.split(".")[0])
        position_in_goal[goal] = position_in_goal.get(goal, 0) + 1
        targets.append(
            {
                "code": item.code,
                "goal": goal,
                "text": item.name,
                "texts": item.names,
                "position": position_in_goal[goal],
            }
        )
    return targets


def _names(row: dict[str, str]) -> dict[str, str]:
    return {
        lang: row[f"name_{lang}"] for lang in UN_LANGUAGES if lang != "en" and row[f"name_{lang}"]
    }


def read_regions() -> list[dict[str, object]]:
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as fh:
        return [
            {
                "m49": row["m49"],
                "level": row["level"],
                "parent": row["parent"] or None,
                "name": row["name_en"],
                "names": _names(row),
            }
            for row in csv.DictReader(fh)
        ]


def read_countries() -> list[dict[str, object]]:
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as fh:
        return [
            {
                "iso2": row["iso2"],
                "iso3": row["iso3"],
                "m49": row["m49"],
                "name": row["name_en"],
                "names": _names(row),
                "region": row["region"] or None,
                "subregion": row["subregion"] or None,
            }
            for row in csv.DictReader(fh)
        ]


def read_terms() -> dict[str, list[dict[str, object]]]:
    with (DATA_DIR / "terms.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    result: dict[str, list[dict[str, object]]] = {}
    for kind in ("resource_types", "partnership_types", "themes"):
        result[kind] = [
            {
                "slug": term["slug"],
                "name": term["name"],
                "names": term.get("names", {}),
                "description": term.get("description", ""),
                "position": position,
            }
            for position, term in enumerate(raw[kind], start=1)
        ]
    return result


def active_currencies() -> frozenset[str]:
    """ISO 4217 codes in use (the IATI Currency codelist without its withdrawn codes)."""
    tree = etree.parse(str(DATA_DIR / "Currency.xml"))
    return frozenset(
        item.findtext("code")
        for item in tree.iter("codelist-item")
        if item.get("status") != "withdrawn"
    )
