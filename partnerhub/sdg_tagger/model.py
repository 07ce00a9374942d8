"""The fitted linear model: vocabulary, idf, one weight column per goal, decision thresholds.

Stored as a compressed ``.npz`` of plain arrays (no pickle), written by `train.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhub.sdg_tagger.features import Vectorizer

GOALS = tuple(range(1, 18))


@dataclass(frozen=True)
class LinearModel:
    vectorizer: Vectorizer
    # (len(vocabulary) + 17, 17): tf-idf rows, then one row per goal's Aurora hit count.
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    thresholds: npt.NDArray[np.float32]

    def save(self, path: Path, **metadata: str) -> None:
        arrays: dict[str, npt.NDArray[Any]] = {
            "vocabulary": np.array(self.vectorizer.vocabulary, dtype=np.str_),
            "idf": self.vectorizer.idf.astype(np.float32),
            "weights": self.weights.astype(np.float32),
            "bias": self.bias.astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32),
        }
        for key, value in metadata.items():
            arrays[f"meta_{key}"] = np.array(value, dtype=np.str_)
        np.savez_compressed(path, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as archive:
            vectorizer = Vectorizer(archive["vocabulary"].tolist(), archive["idf"])
            return cls(
                vectorizer=vectorizer,
                weights=archive["weights"],
                bias=archive["bias"],
                thresholds=archive["thresholds"],
            )
