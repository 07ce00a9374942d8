"""Fit the shipped SDG model and rebuild the data files from the project's shared data.

    .venv/bin/python -m partnerhub.sdg_tagger.train [--shared /work/shared/data]

Writes data/aurora_queries.json, data/targets.json and data/model.npz. Needs scipy (Newton-CG);
the runtime tagger needs only numpy. `bench/sdg_quality.py` reuses `fit_model` for its
cross-validation, so the benchmark figures are of exactly this procedure.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from lxml import etree
from scipy import sparse
from scipy.optimize import minimize

from partnerhub.sdg_tagger.aurora import compile_aurora_xml, match_queries, safe_xml_parser
from partnerhub.sdg_tagger.features import Grams, Vectorizer, extract_grams
from partnerhub.sdg_tagger.model import GOALS, LinearModel
from partnerhub.sdg_tagger.tagger import DATA_DIR, aurora_goal_features
from partnerhub.sdg_tagger.text import tokenize

DEFAULT_SHARED = Path("/work/shared/data")
BENCHMARK_CSV = Path("sdg/sdg-classification-benchmark/benchmark.csv")
AURORA_DIR = Path("sdg/queries/aurora_v5")
DPG_CSV = Path("partnerships/dpg_registry_sdg.csv")
OCEAN_CSV = Path("partnerships/un_ocean_commitments.csv")
GOALS_XML = Path("iati/codelists/UNSDG-Goals.xml")
TARGETS_XML = Path("iati/codelists/UNSDG-Targets.xml")


@dataclass(frozen=True)
class TrainingConfig:
    # A benchmark row is one expert judgement of (text, goal); weigh it above the self-declared,
    # multi-label SDGs of DPG and ocean records, which are noisier.
    benchmark_weight: float = 6.0
    labelled_weight: float = 1.0
    l2: float = 1.0
    min_df: int = 3
    max_vocabulary: int = 20000
    max_iterations: int = 30
    # Used as is when threshold_folds is 0; otherwise the fallback for a goal without judgements.
    threshold: float = 0.5
    # Per-goal decision thresholds are chosen by an inner cross-validation over the benchmark
    # judgements given to fit_model (grouped by text), never on anything it is later scored on.
    threshold_folds: int = 4
    # How strongly a goal's threshold is pulled towards the one best for all goals together:
    # a goal has only ~50-80 judgements, too few to pick its own threshold reliably.
    threshold_pull: float = 3.0
    # Scale of the 17 fitted inputs "cosine between the text's tf-idf and its goal's wording"
    # (goal + target wording of the `wording` texts given). They are linear in the tf-idf, so
    # after fitting they are folded into the word weights: the shipped model is unchanged in
    # form; only the fit (its regularisation) differs. 0 switches them off.
    wording_similarity_scale: float = 4.0


@dataclass(frozen=True)
class BenchmarkRow:
    text: str
    goal: int
    label: bool


@dataclass(frozen=True)
class LabelledText:
    """A text with its full set of goals (every other goal counts as absent)."""

    text: str
    goals: frozenset[int]
    source: str


@dataclass
class TrainingData:
    benchmark: list[BenchmarkRow]
    dpg: list[LabelledText]
    ocean: list[LabelledText]
    wording: list[LabelledText]
    queries: list[dict[str, Any]]
    targets: dict[str, dict[str, Any]]


@dataclass
class FeatureCache:
    """Grams and Aurora features per distinct text; matching is the slow step, done once."""

    queries: Sequence[dict[str, Any]]
    entries: dict[str, tuple[Grams, npt.NDArray[np.float32]]] = field(default_factory=dict)

    def get(self, text: str) -> tuple[Grams, npt.NDArray[np.float32]]:
        entry = self.entries.get(text)
        if entry is None:
            tokens = tokenize(text)
            entry = (
                extract_grams(tokens),
                aurora_goal_features(match_queries(self.queries, tokens)),
            )
            self.entries[text] = entry
        return entry


def _require(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"missing {path}: point --shared at the project's shared data directory")
    return path


def _goal_set(value: str) -> frozenset[int]:
    return frozenset(int(part) for part in value.split(";") if part.strip())


def load_targets(shared: Path) -> dict[str, dict[str, Any]]:
    """Goal and target wording (English and French) keyed by code: "14", "14.1", "2.a"."""
    entries: dict[str, dict[str, Any]] = {}
    for path in (_require(shared / GOALS_XML), _require(shared / TARGETS_XML)):
        for item in etree.parse(str(path), safe_xml_parser()).getroot().iter("codelist-item"):
            code = (item.findtext("code") or "").strip()
            wording = [" ".join((n.text or "").split()) for n in item.iter("narrative") if n.text]
            entries[code] = {"wording": wording}
    return {code: entries[code] for code in entries if "." in code} | {
        code: entries[code] for code in entries if "." not in code
    }


def load_training_data(shared: Path) -> TrainingData:
    with _require(shared / BENCHMARK_CSV).open(encoding="utf-8") as handle:
        benchmark = [
            BenchmarkRow(row["text"], int(row["sdg"]), row["label"] == "True")
            for row in csv.DictReader(handle)
        ]
    with _require(shared / DPG_CSV).open(encoding="utf-8") as handle:
        dpg = [
            LabelledText(f"{row['name']}. {row['description']}", _goal_set(row["sdgs"]), "dpg")
            for row in csv.DictReader(handle)
            if row["description"].strip() and _goal_set(row["sdgs"])
        ]
    with _require(shared / OCEAN_CSV).open(encoding="utf-8") as handle:
        ocean = [
            LabelledText(f"{row['title']}. {row['description']}", _goal_set(row["sdgs"]), "ocean")
            for row in csv.DictReader(handle)
            if _goal_set(row["sdgs"])
        ]
    targets = load_targets(shared)
    wording = [
        LabelledText(text, frozenset({int(code.split(".")[0])}), "wording")
        for code, entry in targets.items()
        for text in entry["wording"]
    ]
    queries = compile_aurora_xml(_require(shared / AURORA_DIR))
    return TrainingData(benchmark, dpg, ocean, wording, queries, targets)


def _design_matrix(
    vectorizer: Vectorizer, cache: FeatureCache, texts: Sequence[str]
) -> sparse.csr_matrix:
    size = len(vectorizer.vocabulary)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, text in enumerate(texts):
        grams, aurora = cache.get(text)
        text_columns, text_values = vectorizer.transform(grams)
        rows.extend([row] * len(text_columns))
        columns.extend(text_columns.tolist())
        values.extend(text_values.tolist())
        hit_goals = np.nonzero(aurora)[0]
        rows.extend([row] * len(hit_goals))
        columns.extend((size + hit_goals).tolist())
        values.extend(aurora[hit_goals].tolist())
    return sparse.csr_matrix(
        (values, (rows, columns)), shape=(len(texts), size + len(GOALS)), dtype=np.float64
    )


def _fit_logistic(
    features: sparse.csr_matrix,
    labels: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    l2: float,
    max_iterations: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """17 weighted, L2-regularised logistic regressions fitted together by Newton-CG.

    Newton-CG with exact Hessian-vector products converges in ~15 iterations; L-BFGS-B needed
    100 and spent most of its time in its own bookkeeping over the 340,000 coefficients.
    """
    dimension = features.shape[1]
    goals = labels.shape[1]
    transposed = features.T.tocsr()
    curvature = np.zeros_like(weights)
    curvature_point = np.full(dimension * goals + goals, np.nan)

    def unpack(
        flat: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return flat[: dimension * goals].reshape(dimension, goals), flat[dimension * goals :]

    def loss_and_gradient(flat: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        coefficients, intercepts = unpack(flat)
        logits = features @ coefficients + intercepts
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        curvature[:] = weights * probabilities * (1.0 - probabilities)
        curvature_point[:] = flat
        loss = float((weights * (np.logaddexp(0.0, logits) - labels * logits)).sum())
        loss += 0.5 * l2 * float((coefficients * coefficients).sum())
        residual = weights * (probabilities - labels)
        gradient = np.concatenate(
            [(transposed @ residual + l2 * coefficients).ravel(), residual.sum(axis=0)]
        )
        return loss, gradient

    def hessian_product(
        flat: npt.NDArray[np.float64], direction: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        if not np.array_equal(flat, curvature_point):
            loss_and_gradient(flat)
        direction_coefficients, direction_intercepts = unpack(direction)
        scaled = curvature * (features @ direction_coefficients + direction_intercepts)
        return np.concatenate(
            [(transposed @ scaled + l2 * direction_coefficients).ravel(), scaled.sum(axis=0)]
        )

    result = minimize(
        loss_and_gradient,
        np.zeros(dimension * goals + goals),
        jac=True,
        hessp=hessian_product,
        method="Newton-CG",
        options={"maxiter": max_iterations},
    )
    return unpack(result.x)


def _goal_wording_matrix(
    vectorizer: Vectorizer, labelled: Sequence[LabelledText]
) -> npt.NDArray[np.float64]:
    """(len(vocabulary), 17): each goal's wording (all its `wording` texts) as a tf-idf vector."""
    matrix = np.zeros((len(vectorizer.vocabulary), len(GOALS)))
    for goal in GOALS:
        wording = " ".join(
            item.text for item in labelled if item.source == "wording" and goal in item.goals
        )
        if wording:
            columns, values = vectorizer.transform(extract_grams(tokenize(wording)))
            matrix[columns, goal - 1] = values
    return matrix


THRESHOLD_GRID = np.round(np.arange(0.20, 0.701, 0.025), 3)
INNER_SEED = 1


def _fit_linear(
    benchmark: Sequence[BenchmarkRow],
    labelled: Sequence[LabelledText],
    cache: FeatureCache,
    config: TrainingConfig,
) -> LinearModel:
    texts = list(dict.fromkeys([row.text for row in benchmark] + [item.text for item in labelled]))
    position = {text: index for index, text in enumerate(texts)}
    vectorizer = Vectorizer.fit(
        (cache.get(text)[0] for text in texts),
        min_df=config.min_df,
        max_features=config.max_vocabulary,
    )
    labels = np.zeros((len(texts), len(GOALS)))
    weights = np.zeros((len(texts), len(GOALS)))
    for item in labelled:
        row = position[item.text]
        weights[row, :] = config.labelled_weight
        for goal in item.goals:
            labels[row, goal - 1] = 1.0
    # A benchmark text is judged for one goal only: the other 16 are left out, not negatives.
    for judgement in benchmark:
        row = position[judgement.text]
        weights[row, judgement.goal - 1] = config.benchmark_weight
        labels[row, judgement.goal - 1] = float(judgement.label)
    # Balance positives and negatives per goal so that 0.5 is a neutral decision threshold.
    positive = (weights * labels).sum(axis=0)
    negative = (weights * (1.0 - labels)).sum(axis=0)
    total = positive + negative
    weights = np.where(
        labels == 1.0,
        weights * total / (2.0 * np.maximum(positive, 1e-9)),
        weights * total / (2.0 * np.maximum(negative, 1e-9)),
    )
    design = _design_matrix(vectorizer, cache, texts)
    size = len(vectorizer.vocabulary)
    similarity = None
    if config.wording_similarity_scale and any(item.source == "wording" for item in labelled):
        similarity = config.wording_similarity_scale * _goal_wording_matrix(vectorizer, labelled)
        design = sparse.hstack(
            [design, sparse.csr_matrix(design[:, :size] @ similarity)], format="csr"
        )
    coefficients, intercepts = _fit_logistic(
        design, labels, weights, config.l2, config.max_iterations
    )
    if similarity is not None:
        # similarity inputs = tfidf @ similarity, so their weights fold into the word weights.
        extra = coefficients[size + len(GOALS) :]
        coefficients = coefficients[: size + len(GOALS)].copy()
        coefficients[:size] += similarity @ extra
    return LinearModel(
        vectorizer=vectorizer,
        weights=coefficients.astype(np.float32),
        bias=intercepts.astype(np.float32),
        thresholds=np.full(len(GOALS), config.threshold, dtype=np.float32),
    )


def group_folds(texts: Iterable[str], folds: int, seed: int) -> dict[str, int]:
    """Fold of each distinct text (a text judged for two goals never straddles folds)."""
    distinct = sorted(set(texts))
    np.random.default_rng(seed).shuffle(distinct)
    return {text: index % folds for index, text in enumerate(distinct)}


def goal_f1_by_threshold(
    benchmark: Sequence[BenchmarkRow], probabilities: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """(17, len(THRESHOLD_GRID)) F1 of each goal's judgements at each candidate threshold."""
    table = np.zeros((len(GOALS), len(THRESHOLD_GRID)))
    for goal in GOALS:
        rows = [index for index, row in enumerate(benchmark) if row.goal == goal]
        if not rows:
            continue
        truth = np.array([benchmark[index].label for index in rows])
        guesses = probabilities[rows, goal - 1][:, None] >= THRESHOLD_GRID[None, :]
        tp = (guesses & truth[:, None]).sum(axis=0)
        fp = (guesses & ~truth[:, None]).sum(axis=0)
        fn = (~guesses & truth[:, None]).sum(axis=0)
        table[goal - 1] = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return table


def choose_thresholds(table: npt.NDArray[np.float64], pull: float) -> npt.NDArray[np.float32]:
    """Per goal, the grid threshold maximising its own (smoothed) F1 plus `pull` x mean F1."""
    smoothed = np.array([np.convolve(row, np.ones(3) / 3, mode="same") for row in table])
    objective = smoothed + pull * table.mean(axis=0)
    return THRESHOLD_GRID[np.argmax(objective, axis=1)].astype(np.float32)


def fit_model(
    benchmark: Sequence[BenchmarkRow],
    labelled: Sequence[LabelledText],
    cache: FeatureCache,
    config: TrainingConfig = TrainingConfig(),
) -> LinearModel:
    """Fit on everything given; thresholds from an inner CV over `benchmark` (see config)."""
    model = _fit_linear(benchmark, labelled, cache, config)
    if config.threshold_folds < 2 or not benchmark:
        return model
    assignment = group_folds((row.text for row in benchmark), config.threshold_folds, INNER_SEED)
    held_out = np.zeros((len(benchmark), len(GOALS)))
    texts = [row.text for row in benchmark]
    for fold in range(config.threshold_folds):
        inner = _fit_linear(
            [row for row in benchmark if assignment[row.text] != fold], labelled, cache, config
        )
        rows = [index for index, text in enumerate(texts) if assignment[text] == fold]
        held_out[rows] = predict_probabilities(inner, cache, [texts[index] for index in rows])
    thresholds = choose_thresholds(goal_f1_by_threshold(benchmark, held_out), config.threshold_pull)
    # Goals without judgements keep the neutral threshold of the class-balanced model.
    judged = np.array([any(row.goal == goal for row in benchmark) for goal in GOALS])
    return replace(model, thresholds=np.where(judged, thresholds, np.float32(config.threshold)))


def predict_probabilities(
    model: LinearModel, cache: FeatureCache, texts: Sequence[str]
) -> npt.NDArray[np.float64]:
    logits = _design_matrix(model.vectorizer, cache, texts) @ model.weights + model.bias
    return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


def labelled_training_set(data: TrainingData, exclude: Iterable[str] = ()) -> list[LabelledText]:
    excluded = set(exclude)
    return [item for item in data.dpg + data.ocean + data.wording if item.text not in excluded]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--output", type=Path, default=DATA_DIR)
    arguments = parser.parse_args(argv)
    data = load_training_data(arguments.shared)
    arguments.output.mkdir(parents=True, exist_ok=True)
    (arguments.output / "aurora_queries.json").write_text(
        json.dumps(data.queries, separators=(",", ":")), encoding="utf-8"
    )
    (arguments.output / "targets.json").write_text(
        json.dumps(data.targets, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    cache = FeatureCache(data.queries)
    model = fit_model(data.benchmark, labelled_training_set(data), cache)
    model.save(
        arguments.output / "model.npz",
        trained_on="SDG benchmark + DPG registry + UN ocean commitments + SDG target wording",
        config=json.dumps(TrainingConfig().__dict__),
    )
    sys.stdout.write(
        f"wrote model ({len(model.vectorizer.vocabulary)} terms) to {arguments.output}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
