"""Quality of marketplace matching: the combined score against plain BM25, in the same run.

Reproduce with:

    .venv/bin/python bench/matching_quality.py

Evaluation set (built by bench/_marketplace_eval.py, documented there): the 169 SDG targets'
wording as needs, 3,341 real offers (Digital Public Goods registry entries and UN Ocean
Conference commitments), relevance 2 = the offer carries the need's exact target, 1 = its goal.
Each need queries a `MatchIndex` over all offers; nDCG@10 (graded), MRR and P@10 (relevance >= 1)
are averaged over needs.

Two variants of the SDG feature:
(a) declared: the offers' own SDG labels (what production has: author-accepted SDGs) and the
    need's goal. CIRCULAR: relevance is defined from the same labels, so the SDG component
    sees the answer; the gain it shows is an upper bound, not evidence.
(b) tagged: the offers' SDGs are predicted from their text by the SDG tagger, fitted out of
    fold (each offer is predicted by a tagger that never saw its record), never from their
    labels; each need keeps its own declared goal, as a need in production carries the goals
    its author chose. This is the honest figure.
For each variant the SDG/text balance is chosen on the development needs (grid below) and the
figures are reported on the held-out needs. The geography and value weights stay at their
defaults: this set has no geography on the needs' side and no values, so they are inert here.
"""

from __future__ import annotations

import csv
import importlib
import math
import platform
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from _marketplace_eval import DPG_CSV, OCEAN_CSV, SHARED, EvalItem, EvalSet, build

from partnerhub.marketplace.ranking.matching import Listing, MatchIndex, Weights

K = 10
BM25_ONLY = Weights(text=1.0, sdg=0.0, geography=0.0, value=0.0)
# The share of the content weight (text + sdg = 0.85; geography 0.1 and value 0.05 as in the
# defaults) given to the SDG component; tuned on the development needs only.
SDG_SHARES = [round(0.05 * step, 2) for step in range(20)]
CONTENT = 0.85

SdgSource = Callable[[EvalItem], frozenset[int]]


@dataclass(frozen=True)
class Scores:
    ndcg: float
    mrr: float
    precision: float


def weights_for(sdg_share: float) -> Weights:
    return Weights(
        text=round(CONTENT * (1 - sdg_share), 4),
        sdg=round(CONTENT * sdg_share, 4),
        geography=Weights().geography,
        value=Weights().value,
    )


def _dcg(gains: Sequence[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def evaluate(
    evalset: EvalSet,
    index: MatchIndex,
    offers: dict[int, EvalItem],
    needs: Sequence[EvalItem],
    need_sdgs: SdgSource,
    weights: Weights,
) -> Scores:
    ndcg = mrr = precision = 0.0
    for need in needs:
        query = Listing(id=need.id, text=need.text, sdgs=need_sdgs(need))
        ranked = [match.id for match in index.search(query, limit=K, weights=weights)]
        gains = [evalset.relevance(need, offers[offer_id]) for offer_id in ranked]
        ideal = sorted((evalset.relevance(need, offer) for offer in evalset.offers), reverse=True)[
            :K
        ]
        ndcg += _dcg(gains) / _dcg(ideal) if _dcg(ideal) else 0.0
        first = next((rank for rank, gain in enumerate(gains) if gain), None)
        mrr += 1 / (first + 1) if first is not None else 0.0
        precision += sum(1 for gain in gains if gain) / K
    return Scores(ndcg / len(needs), mrr / len(needs), precision / len(needs))


def out_of_fold_sdgs(evalset: EvalSet, folds: int = 5) -> SdgSource | None:
    """The offers' SDGs as the SDG tagger predicts them from their text, out of fold.

    The shipped tagger was trained on these very DPG and ocean records (see
    partnerhub/sdg_tagger/data/SOURCES.md), so its predictions on them would be partly
    in-sample. Instead the offers are split into `folds` folds by their description, and each
    fold is predicted by a tagger fitted with the shipped procedure
    (`partnerhub.sdg_tagger.train.fit_model`) on everything except that fold's records.
    """
    try:
        train = importlib.import_module("partnerhub.sdg_tagger.train")
    except Exception as error:
        print(f"(b) sdg_tagger training code not available: {type(error).__name__}: {error}")
        return None
    started = time.perf_counter()
    data = train.load_training_data(SHARED.parent)
    cache = train.FeatureCache(data.queries)

    def fold_of(description: str) -> int:
        return zlib.crc32(description.strip().encode("utf-8")) % folds

    training_fold: dict[str, int] = {}
    with DPG_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            training_fold[f"{row['name']}. {row['description']}"] = fold_of(row["description"])
    with OCEAN_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            training_fold[f"{row['title']}. {row['description']}"] = fold_of(row["description"])
    predicted: dict[int, frozenset[int]] = {}
    for fold in range(folds):
        held_out = [o for o in evalset.offers if fold_of(o.text.split("\n", 1)[1]) == fold]
        exclude = [text for text, f in training_fold.items() if f == fold]
        model = train.fit_model(data.benchmark, train.labelled_training_set(data, exclude), cache)
        probabilities = train.predict_probabilities(model, cache, [o.text for o in held_out])
        thresholds = np.asarray(model.thresholds, dtype=float)
        for offer, row in zip(held_out, probabilities, strict=True):
            predicted[offer.id] = frozenset(int(g) + 1 for g in np.flatnonzero(row >= thresholds))
    agreement = sum(1 for o in evalset.offers if predicted[o.id] & o.sdgs) / len(evalset.offers)
    print(
        f"(b) out-of-fold tagger predictions for {len(predicted)} offers in {folds} folds "
        f"({time.perf_counter() - started:.0f} s); offers whose predicted goals share at least "
        f"one with their declared goals: {agreement:.1%}"
    )
    return lambda item: predicted[item.id]


def run_variant(
    name: str, evalset: EvalSet, offer_sdgs: SdgSource, need_sdgs: SdgSource
) -> tuple[Scores, Scores, float]:
    started = time.perf_counter()
    index = MatchIndex(
        [Listing(id=offer.id, text=offer.text, sdgs=offer_sdgs(offer)) for offer in evalset.offers]
    )
    offers = {offer.id: offer for offer in evalset.offers}

    def score(needs: Sequence[EvalItem], weights: Weights) -> Scores:
        return evaluate(evalset, index, offers, needs, need_sdgs, weights)

    dev = {share: score(evalset.dev_needs, weights_for(share)) for share in SDG_SHARES}
    # Best development nDCG; on a tie the smaller SDG share (the less the labels decide).
    best = max(SDG_SHARES, key=lambda share: (round(dev[share].ndcg, 6), -share))
    baseline = score(evalset.test_needs, BM25_ONLY)
    combined = score(evalset.test_needs, weights_for(best))
    shipped = score(evalset.test_needs, Weights())
    print(f"\n## {name}  ({time.perf_counter() - started:.1f} s)")
    print("development nDCG@10 by SDG share of the content weight:")
    print("  " + "  ".join(f"{share:.2f}:{dev[share].ndcg:.3f}" for share in SDG_SHARES))
    print(
        f"BM25 alone on development needs: nDCG@10 {score(evalset.dev_needs, BM25_ONLY).ndcg:.3f}"
    )
    print(f"chosen SDG share {best:.2f} -> {weights_for(best)}")
    print(f"held-out needs ({len(evalset.test_needs)}):")
    print("| ranking | nDCG@10 | MRR | P@10 |")
    print("|---|---|---|---|")
    rows = (
        ("BM25 text only", "", baseline),
        ("combined, SDG share tuned on development needs", "tuned", combined),
        (f"combined, shipped default weights {Weights()}", "shipped defaults", shipped),
    )
    for label, _short, scores in rows:
        print(f"| {label} | {scores.ndcg:.3f} | {scores.mrr:.3f} | {scores.precision:.3f} |")
    for _label, short, scores in rows[1:]:
        gain = (scores.ndcg - baseline.ndcg) / baseline.ndcg if baseline.ndcg else math.inf
        verdict = "meets" if gain >= 0.10 else "does NOT meet"
        print(f"relative nDCG@10 gain, {short}: {gain:+.1%} ({verdict} the +10% bar)")
    return baseline, combined, best


def main() -> None:
    started = time.perf_counter()
    evalset = build()
    by_source: dict[str, int] = {}
    for offer in evalset.offers:
        by_source[offer.source] = by_source.get(offer.source, 0) + 1
    print("# Marketplace matching quality")
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"needs: {len(evalset.dev_needs)} development + {len(evalset.test_needs)} held-out "
        f"SDG targets; offers: {len(evalset.offers)} "
        f"({', '.join(f'{n} {source}' for source, n in sorted(by_source.items()))})"
    )
    relevant = [
        sum(1 for offer in evalset.offers if evalset.relevance(need, offer))
        for need in evalset.test_needs
    ]
    print(
        f"relevant offers per held-out need: min {min(relevant)}, "
        f"median {sorted(relevant)[len(relevant) // 2]}, max {max(relevant)}"
    )
    run_variant(
        "(a) declared SDGs - CIRCULAR (relevance comes from the same labels)",
        evalset,
        offer_sdgs=lambda offer: offer.sdgs,
        need_sdgs=lambda need: need.sdgs,
    )
    predict = out_of_fold_sdgs(evalset)
    if predict is not None:
        run_variant(
            "(b) tagged offers - non-circular (offers' SDGs predicted out of fold from their "
            "text; needs keep their own declared goal)",
            evalset,
            offer_sdgs=predict,
            need_sdgs=lambda need: need.sdgs,
        )
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    print("reproduce: .venv/bin/python bench/matching_quality.py")


if __name__ == "__main__":
    main()
