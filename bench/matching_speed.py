"""Speed of matching: the top 10 offers for one need over 50,000 open offers, through the same
code path the need's page and the API use (engine.matching_offers), on SQLite.

Reproduce with:

    .venv/bin/python bench/matching_speed.py            # 50,000 offers, 200 queries
    .venv/bin/python bench/matching_speed.py --offers 5000 --queries 50

What it does: creates a fresh SQLite database in a temporary folder (same settings as the
embedded default: WAL, IMMEDIATE transactions), migrates it, inserts N offers whose texts are
the real DPG-registry and ocean-commitment descriptions (../shared/data/partnerships, cycled
with a distinguishing suffix so no two are equal) with resource types, SDGs, countries and
values drawn from a fixed-seed generator, then times `matching_offers(need)` for needs whose
texts are the 169 SDG targets' wording. The first call builds the in-memory index (reported
separately as the cold start); every later call is timed end to end: the freshness check on
the offers table, the need's own data, the ranking and loading the ten offers.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "partnerships"
sys.path.insert(0, str(ROOT))


def _texts() -> list[tuple[str, str]]:
    if not SHARED.exists():
        raise SystemExit(f"Needs the shared data folder {SHARED} (see bench/README in docs).")
    texts = []
    with (SHARED / "dpg_registry_sdg.csv").open(encoding="utf-8") as f:
        texts += [(r["name"], r["description"]) for r in csv.DictReader(f) if r["description"]]
    with (SHARED / "un_ocean_commitments.csv").open(encoding="utf-8") as f:
        texts += [(r["title"], r["description"]) for r in csv.DictReader(f) if r["description"]]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="partnerhub-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)

    from partnerhub.entities.models import UNEntity
    from partnerhub.marketplace import engine
    from partnerhub.marketplace.models import Need, Offer
    from partnerhub.organisations.models import Organisation
    from partnerhub.vocabularies.models import Country, ResourceType, SDGTarget

    rng = random.Random(20261125)  # noqa: S311 (reproducible synthetic data, not security)
    texts = _texts()
    resource_types = list(ResourceType.objects.values_list("pk", flat=True))
    countries = list(Country.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    with transaction.atomic():
        organisation = Organisation.objects.create(
            legal_name="Bench Company", normalised_name="bench company", country_id="KE"
        )
        offers = []
        for i in range(args.offers):
            title, description = texts[i % len(texts)]
            offers.append(
                Offer(
                    organisation=organisation,
                    title=f"{title[:180]} #{i}",
                    description=f"{description} (offer {i})",
                    status="submitted",
                    cash_value_usd=rng.choice([None, 10_000, 50_000, 250_000, 1_000_000]),
                )
            )
        Offer.objects.bulk_create(offers, batch_size=2000)
        ids = list(Offer.objects.values_list("pk", flat=True))
        through = {
            name: getattr(Offer, name).through for name in ("resource_types", "sdgs", "countries")
        }
        Offer.resource_types.through.objects.bulk_create(
            [
                through["resource_types"](offer_id=i, resourcetype_id=rng.choice(resource_types))
                for i in ids
            ],
            batch_size=5000,
        )
        Offer.sdgs.through.objects.bulk_create(
            [
                through["sdgs"](offer_id=i, sdggoal_id=goal)
                for i in ids
                for goal in rng.sample(range(1, 18), rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        Offer.countries.through.objects.bulk_create(
            [
                through["countries"](offer_id=i, country_id=rng.choice(countries))
                for i in ids
                if rng.random() < 0.6
            ],
            batch_size=5000,
        )
        entity = UNEntity.objects.create(acronym="BENCH", slug="bench", name="Bench entity")
        needs = []
        for target in SDGTarget.objects.all():
            need = Need.objects.create(
                entity=entity, title=f"Target {target.code}", description=target.text, status="open"
            )
            need.sdgs.set([target.goal_id])
            need.resource_types.set([rng.choice(resource_types)])
            needs.append(need)
    print(f"inserted {args.offers:,} offers in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    engine.matching_offers(needs[0])
    cold = time.perf_counter() - started

    timings = []
    for q in range(args.queries):
        need = needs[q % len(needs)]
        started = time.perf_counter()
        results = engine.matching_offers(need, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
        assert len(results) <= 10
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"database: SQLite ({connection.vendor}), {args.offers:,} open offers, {args.queries} needs"
    )
    print(f"cold start (build the index on first use): {cold:.2f} s")
    print(
        f"top-10 per need: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms (target: p95 < 50 ms)"
    )
    print(
        "reproduce: .venv/bin/python bench/matching_speed.py "
        f"--offers {args.offers} --queries {args.queries}"
    )


if __name__ == "__main__":
    main()
