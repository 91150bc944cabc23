"""The main-region model (text mode): an additive model read from JSON, and the
two-state Viterbi that turns its per-line scores into content / boilerplate labels."""
from __future__ import annotations

import bisect
import json
from functools import lru_cache
from operator import getitem
from pathlib import Path
from typing import Any

from .linefeatures import FEATURES

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


def viterbi(scores: list[float], switch_cost: float) -> list[bool]:
    """Content (True) / boilerplate labels maximising the sum of the scores of the content
    lines less `switch_cost` per change of label (two states, boilerplate emits 0)."""
    if not scores:
        return []
    back: list[tuple[bool, bool]] = []
    junk, good = 0.0, scores[0]
    for s in scores[1:]:
        to_good_from_junk = junk - switch_cost
        to_junk_from_good = good - switch_cost
        back.append((good >= to_good_from_junk, to_junk_from_good > junk))
        good, junk = max(good, to_good_from_junk) + s, max(junk, to_junk_from_good)
    state = good >= junk
    out = [state]
    for good_prev, junk_prev in reversed(back):
        state = good_prev if state else junk_prev
        out.append(state)
    out.reverse()
    return out


def decide(scores: list[float], switch_cost: float, confident: float, min_confident: float) -> list[bool]:
    """Content labels for these scores: all True unless at least `min_confident` lines score
    below `-confident` (no confident boilerplate, nothing to cut); else the Viterbi path."""
    if sum(1 for s in scores if s < -confident) < min_confident:
        return [True] * len(scores)
    return viterbi(scores, switch_cost)
