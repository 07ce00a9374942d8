"""The marketplace matching evaluation set, built from real texts in shared/data.

Needs: the 169 SDG targets' English wording (partnerhub/vocabularies/data/UNSDG-Targets.xml, the
IATI codelist), each read as a need a UN entity could post ("14.1 By 2025, prevent and
significantly reduce marine pollution of all kinds ...").
Offers: real partnership texts with SDG labels their authors declared:
- the Digital Public Goods registry (shared/data/partnerships/dpg_registry_sdg.csv): name +
  description, `sdgs`;
- the UN Ocean Conference voluntary commitments (un_ocean_commitments.csv): title + description,
  `sdgs`, `sdg14_targets`; rows whose description repeats an earlier row's are dropped.
Relevance of an offer to a need (graded): 2 when the offer carries the need's exact target
(only ocean commitments carry targets, and only SDG 14's), 1 when it carries the need's goal,
0 otherwise.
Split: the targets of each goal, in codelist order, alternate between development (1st, 3rd,
...) and held-out (2nd, 4th, ...), so both halves cover every goal and a weight tuned on one is
reported on the other.
Neither side has resource types, time windows or values, and the needs have no geography, so
those filters and components are inert on this set: it measures text + SDG only.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = REPOSITORY.parent / "shared" / "data" / "partnerships"
TARGETS_XML = REPOSITORY / "partnerhub" / "vocabularies" / "data" / "UNSDG-Targets.xml"
DPG_CSV = SHARED / "dpg_registry_sdg.csv"
OCEAN_CSV = SHARED / "un_ocean_commitments.csv"


@dataclass(frozen=True)
class EvalItem:
    id: int
    source: str  # "target", "dpg" or "ocean"
    ref: str  # target code, DPG slug or ocean action id
    text: str
    sdgs: frozenset[int]
    targets: frozenset[str]


@dataclass(frozen=True)
class EvalSet:
    dev_needs: list[EvalItem]
    test_needs: list[EvalItem]
    offers: list[EvalItem]

    def relevance(self, need: EvalItem, offer: EvalItem) -> int:
        if need.targets & offer.targets:
            return 2
        return 1 if need.sdgs & offer.sdgs else 0


def _require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"missing {path}: the evaluation needs shared/data beside the repository")
    return path


def _goals(field: str) -> frozenset[int]:
    return frozenset(int(part) for part in field.split(";") if part.strip().isdigit())


def load_needs() -> list[EvalItem]:
    root = ElementTree.parse(_require(TARGETS_XML)).getroot()  # noqa: S314 (a shipped file)
    needs = []
    for number, item in enumerate(root.iter("codelist-item")):
        code = (item.findtext("code") or "").strip()
        english = next(
            (n.text for n in item.iter("narrative") if not n.attrib and n.text),
            "",
        )
        needs.append(
            EvalItem(
                id=number + 1,
                source="target",
                ref=code,
                text=english.strip(),
                sdgs=frozenset({int(code.split(".")[0])}),
                targets=frozenset({code}),
            )
        )
    return needs


def load_offers() -> list[EvalItem]:
    offers: list[EvalItem] = []
    with _require(DPG_CSV).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            offers.append(
                EvalItem(
                    id=100_000 + len(offers),
                    source="dpg",
                    ref=row["slug"],
                    text=f"{row['name']}\n{row['description']}",
                    sdgs=_goals(row["sdgs"]),
                    targets=frozenset(),
                )
            )
    seen: set[str] = set()
    with _require(OCEAN_CSV).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["description"] in seen:
                continue
            seen.add(row["description"])
            offers.append(
                EvalItem(
                    id=100_000 + len(offers),
                    source="ocean",
                    ref=row["ocean_action_id"],
                    text=f"{row['title']}\n{row['description']}",
                    sdgs=_goals(row["sdgs"]),
                    targets=frozenset(t for t in row["sdg14_targets"].split(";") if t),
                )
            )
    return offers


def build() -> EvalSet:
    needs = load_needs()
    by_goal: dict[int, list[EvalItem]] = {}
    for need in needs:
        by_goal.setdefault(min(need.sdgs), []).append(need)
    dev = [need for group in by_goal.values() for need in group[0::2]]
    test = [need for group in by_goal.values() for need in group[1::2]]
    return EvalSet(dev_needs=dev, test_needs=test, offers=load_offers())
