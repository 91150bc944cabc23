"""The main-region model (text mode): an additive model read from JSON (`models/textmode.json`),
scoring each line's measures in the native core (`native/src/model.rs`), which also turns the
scores into labels (`cleaner._native.decide`, `viterbi`)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import _native
from .features import FEATURES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "textmode.json"


class Model:
    """An additive model: per feature, bin edges and one log-odds value per bin (`tables`),
    pairs of features with a grid (`pairs`), a bias, the word table (`lexicon`) and the
    sequence settings; `native` scores rows."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.features: list[str] = spec["features"]
        if tuple(self.features) != FEATURES:
            raise ValueError("model features do not match the stage's FEATURES; retrain it "
                             "(bench/train_textmode.py)")
        self.bias: float = spec["bias"]
        self.edges: list[list[float]] = [spec["tables"][f]["edges"] for f in self.features]
        self.values: list[list[float]] = [spec["tables"][f]["values"] for f in self.features]
        self.sequence: dict[str, float] = spec.get("sequence", {})
        self.lexicon: dict[str, float] = spec.get("lexicon", {})
        index = {name: i for i, name in enumerate(self.features)}
        pairs = [(index[p["features"][0]], index[p["features"][1]], p["edges"][0], p["edges"][1], p["values"])
                 for p in spec.get("pairs", [])]
        self.native = _native.TextModel(self.bias, self.edges, self.values, pairs)
        self.native_lexicon = _native.Lexicon(self.lexicon) if self.lexicon else None

    def contributions(self, row: list[float]) -> list[float]:
        """Each feature's log-odds for one row (a pair's value split between its two features)."""
        return self.native.contributions(list(row))

    def score(self, row: list[float]) -> float:
        """Log-odds that the row is content."""
        return self.native.score([list(row)])[0]


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> Model:
    """The model at `path`, read once per process."""
    return Model(json.loads(Path(path).read_text(encoding="utf-8")))
