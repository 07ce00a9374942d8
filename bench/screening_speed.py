"""Speed of sanctions screening: 10,000 names against the UN, OFAC and EU/UN/OFAC lists.

Reproduce with:

    .venv/bin/python bench/screening_speed.py

Queries are real names that should mostly *not* be listed (the common case in production):
organisations from /work/shared/data/partnerships (UN Ocean Conference commitments' `entity`
column split on ";", Digital Public Goods registry `organizations`, UN system entities' short
and long names) screened as organisations, and the 2,000 yente negatives (synthetic persons)
screened as persons. There are fewer than 10,000 distinct names, so the list is cycled; the
normalisation cache is emptied before each pass, so a repeated name costs what a new one does.

Printed: list loading and index build times (separately), total screening time for 10,000
queries, per-query latency percentiles, candidates per query, and the time nomenklatura's
logic-v2 takes to score the same (query name, candidate name) pairs our index returns, for a
sample of queries, against our scorer on the same pairs.
"""

from __future__ import annotations

import csv
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _screening_lists import SHARED, SHARED_DATA, load_combined, load_ofac, load_un

from partnerhub.screening.matching.matcher import (
    POTENTIAL_MATCH_THRESHOLD,
    Matcher,
    Query,
)
from partnerhub.screening.matching.normalise import normalise_name
from partnerhub.screening.matching.score import compare_forms

PARTNERSHIPS = SHARED_DATA / "partnerships"
EVAL = SHARED / "eval"
QUERY_COUNT = 10_000
LOGIC_V2_SAMPLE = 300  # queries whose candidate pairs are scored by both algorithms


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def query_names() -> list[Query]:
    organisations: dict[str, None] = {}
    for row in _rows(PARTNERSHIPS / "un_ocean_commitments.csv"):
        for name in row["entity"].split(";"):
            organisations[name.strip()] = None
    for row in _rows(PARTNERSHIPS / "dpg_registry_sdg.csv"):
        for name in row["organizations"].split(";"):
            organisations[name.replace("(owner)", "").strip()] = None
    for row in _rows(PARTNERSHIPS / "un_system_entities.csv"):
        organisations[row["entity"].strip()] = None
        organisations[row["entity_long"].strip()] = None
    queries = [Query(name=name, kind="organisation") for name in organisations if name]
    for file in ("yente_negatives_global_1000.csv", "yente_negatives_us_1000.csv"):
        queries.extend(Query(name=row["full_name"], kind="person") for row in _rows(EVAL / file))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def logic_v2_ratio(matcher: Matcher, queries: list[Query]) -> None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except ImportError as error:
        print(f"logic-v2 comparison skipped: nomenklatura is not installed ({error})")
        return
    pairs = []
    for query in queries:
        for form, name_ids in matcher.candidate_names(query):
            for name_id in name_ids:
                pairs.append((query, form, name_id))
    schemas = {"person": "Person", "organisation": "Organization"}
    entity_pairs = []
    for number, (query, _, name_id) in enumerate(pairs):
        listed = matcher.listed_form(name_id)
        entry_kind = matcher.listed_entry(name_id).kind.value
        left = model.make_entity(schemas.get(query.kind or "", "LegalEntity"))
        left.id = f"q{number}"
        left.add("name", query.name)
        right = model.make_entity(schemas.get(entry_kind, "LegalEntity"))
        right.id = f"r{number}"
        right.add("name", listed.original)
        entity_pairs.append((left, right))
    config = LogicV2.default_config()
    started = time.perf_counter()
    for left, right in entity_pairs:
        LogicV2.compare(left, right, config)
    theirs = time.perf_counter() - started
    started = time.perf_counter()
    for _, form, name_id in pairs:
        compare_forms(form, matcher.listed_form(name_id))
    ours = time.perf_counter() - started
    count = len(pairs)
    print(
        f"Scoring the same {count:,} (query, candidate) name pairs from {len(queries)} queries: "
        f"ours {ours / count * 1e6:.1f} us/pair, logic-v2 {theirs / count * 1e6:.1f} us/pair "
        f"-> logic-v2 takes {theirs / ours:.1f}x as long"
    )


def main() -> None:
    print("Command: .venv/bin/python bench/screening_speed.py")
    print(f"Python {platform.python_version()} on {platform.machine()}")
    started = time.perf_counter()
    entries = []
    for loader in (load_un, load_ofac, load_combined):
        loaded = loader()
        entries.extend(loaded)
        print(f"  {loader.__name__}: {len(loaded):,} entries")
    print(f"Loaded {len(entries):,} entries in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    matcher = Matcher(entries)
    build = time.perf_counter() - started
    print(
        f"Index build: {build:.1f} s for {matcher.name_count:,} names "
        f"(includes rigour's one-off loading of its reference data)"
    )

    distinct = query_names()
    queries = [distinct[i % len(distinct)] for i in range(QUERY_COUNT)]
    print(
        f"Queries: {QUERY_COUNT:,} = {len(distinct):,} distinct names "
        f"({sum(1 for q in distinct if q.kind == 'organisation'):,} organisations, "
        f"{sum(1 for q in distinct if q.kind == 'person'):,} persons), cycled"
    )
    latencies: list[float] = []
    flagged = 0
    candidates = []
    total_started = time.perf_counter()
    cpu_started = time.process_time()
    for position, query in enumerate(queries):
        if position % len(distinct) == 0:
            normalise_name.cache_clear()
        started = time.perf_counter()
        hits = matcher.screen(query, threshold=POTENTIAL_MATCH_THRESHOLD)
        latencies.append(time.perf_counter() - started)
        flagged += bool(hits)
    total = time.perf_counter() - total_started
    cpu = time.process_time() - cpu_started
    for query in distinct[:1000]:
        candidates.append(sum(len(ids) for _, ids in matcher.candidate_names(query)))
    print(
        f"Screened {QUERY_COUNT:,} queries in {total:.2f} s "
        f"({QUERY_COUNT / total:,.0f} per second, one process; CPU time {cpu:.2f} s - "
        "a wall time well above it means other work shared the cores); "
        f"{flagged:,} queries with a hit at {POTENTIAL_MATCH_THRESHOLD}"
    )
    print(
        "Latency per screening: "
        f"median {statistics.median(latencies) * 1e3:.2f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1e3:.2f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1e3:.2f} ms, "
        f"max {max(latencies) * 1e3:.1f} ms"
    )
    print(
        f"Candidates scored per query (first 1,000 distinct): mean "
        f"{statistics.mean(candidates):.1f}, max {max(candidates)} "
        f"of {matcher.name_count:,} names"
    )
    targets = [
        ("10,000 screenings < 10 s", total < 10.0),
        ("p95 latency < 10 ms", percentile(latencies, 0.95) < 0.010),
    ]
    for label, met in targets:
        print(f"  target {label}: {'met' if met else 'NOT met'}")
    logic_v2_ratio(matcher, distinct[:LOGIC_V2_SAMPLE])


if __name__ == "__main__":
    main()
