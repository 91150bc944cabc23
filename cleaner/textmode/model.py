"""The main-region model (text mode): an additive model read from JSON (`models/textmode.json`),
scoring each line's measures; `decode` turns the scores into labels."""
from __future__ import annotations

import bisect
import json
from functools import lru_cache
from operator import getitem
from pathlib import Path
from typing import Any

from .features import FEATURES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "textmode.json"


class Model:
    """An additive model: per feature, bin edges and one log-odds value per bin (`tables`),
    a bias, the word table (`lexicon`) and the sequence settings."""

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
        self.pairs: list[tuple[int, int, list[float], list[float], list[list[float]]]] = [
            (index[p["features"][0]], index[p["features"][1]], p["edges"][0], p["edges"][1], p["values"])
            for p in spec.get("pairs", [])]

    def contributions(self, row: list[float]) -> list[float]:
        """Each feature's log-odds for one row (a pair's value split between its two features)."""
        out = list(map(getitem, self.values, map(bisect.bisect_left, self.edges, row)))
        for a, b, ea, eb, grid in self.pairs:
            half = grid[bisect.bisect_left(ea, row[a])][bisect.bisect_left(eb, row[b])] / 2
            out[a] += half
            out[b] += half
        return out

    def score(self, row: list[float]) -> float:
        """Log-odds that the row is content."""
        total = self.bias + sum(map(getitem, self.values, map(bisect.bisect_left, self.edges, row)))
        for a, b, ea, eb, grid in self.pairs:
            total += grid[bisect.bisect_left(ea, row[a])][bisect.bisect_left(eb, row[b])]
        return total


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> Model:
    """The model at `path`, read once per process."""
    return Model(json.loads(Path(path).read_text(encoding="utf-8")))
