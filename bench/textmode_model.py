"""The additive model of `train_textmode.py`: boosted depth-2 trees restricted to one
feature or one chosen pair each (scikit-learn), written out as the step tables the
`mainregion` stage evaluates in plain Python."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner.textmode.fingerprint import KEY, fingerprint  # noqa: E402
from cleaner.stages.mainregion import FEATURES, decide  # noqa: E402


N_PAIRS = 8  # feature pairs allowed to interact (2-D tables)


PAIR_SAMPLE = 400_000  # rows (drawn at random, fixed seed) the choice of pairs looks at


def choose_pairs(X, y, w, trees: int, rate: float, k: int = N_PAIRS) -> list[tuple[int, int]]:
    """The `k` feature pairs that unconstrained depth-2 boosting uses most (by split gain), on
    at most `PAIR_SAMPLE` of the rows."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    if len(X) > PAIR_SAMPLE:
        pick = np.random.default_rng(0).choice(len(X), PAIR_SAMPLE, replace=False)
        X, y, w = X[pick], y[pick], w[pick]
    clf = HistGradientBoostingClassifier(max_depth=2, max_leaf_nodes=4, max_iter=trees, learning_rate=rate,
                                         early_stopping=False, random_state=0)
    clf.fit(X, y, sample_weight=w)
    gains: Counter = Counter()
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        splits = [node for node in nodes if not node["is_leaf"]]
        used = {int(node["feature_idx"]) for node in splits}
        if len(used) == 2:
            gains[tuple(sorted(used))] += sum(float(node["gain"]) for node in splits)
    return [pair for pair, _ in gains.most_common(k)]


def fit(X, y, w, trees: int, rate: float, pairs: list[tuple[int, int]]):
    """Boosted depth-2 trees, each on one feature or one of `pairs`: an additive model of
    one step function per feature plus one 2-D step function per pair."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    groups = [[i] for i in range(X.shape[1])] + [list(p) for p in pairs]
    clf = HistGradientBoostingClassifier(max_depth=2, max_leaf_nodes=4, max_iter=trees, learning_rate=rate,
                                         early_stopping=False, random_state=0, interaction_cst=groups)
    clf.fit(X, y, sample_weight=w)
    return clf


def _leaves(nodes):
    """Each leaf of a tree as (conditions, value); a condition is (feature, threshold, left)."""
    out, stack = [], [(0, ())]
    while stack:
        i, path = stack.pop()
        node = nodes[i]
        if node["is_leaf"]:
            out.append((path, float(node["value"])))
            continue
        f, t = int(node["feature_idx"]), float(node["num_threshold"])
        stack.append((int(node["left"]), path + ((f, t, True),)))
        stack.append((int(node["right"]), path + ((f, t, False),)))
    return out


def _points(edges: list[float]) -> list[float]:
    """One value inside each bin of `values[bisect_left(edges, x)]`."""
    return edges + [edges[-1] + 1.0] if edges else [0.0]


def _value(leaves, point: dict[int, float]) -> float:
    return sum(v for path, v in leaves
               if all((point[f] <= t) == left for f, t, left in path))


def to_tables(clf, X) -> dict:
    """The trees as tables. Every leaf of a depth-2 tree depends on the one or two features
    of its path, so the model is a sum of one step function per feature plus one 2-D step
    function per pair: per feature `edges` and `values` (`values[bisect_left(edges, x)]`; a
    split sends x <= threshold left, so a threshold is the last value of its bin), per pair
    two edge lists and a grid. Each table is centred on its mean over the training rows;
    the bias takes the rest."""
    import numpy as np
    buckets: dict[tuple[int, ...], list] = {}
    for (predictor,) in clf._predictors:
        for path, value in _leaves(predictor.nodes):
            key = tuple(sorted({f for f, _, _ in path}))
            buckets.setdefault(key, []).append((path, value))
    bias = float(np.ravel(clf._baseline_prediction)[0]) + sum(v for _, v in buckets.pop((), []))

    def thresholds(leaves, f: int) -> list[float]:
        return sorted({t for path, _ in leaves for g, t, _ in path if g == f})

    tables = {}
    for i, name in enumerate(FEATURES):
        leaves = buckets.get((i,), [])
        edges = thresholds(leaves, i)
        values = [_value(leaves, {i: x}) for x in _points(edges)]
        mean = float(np.mean(np.array(values)[np.searchsorted(np.array(edges), X[:, i], side="left")])) if edges else values[0]
        bias += mean
        tables[name] = {"edges": edges, "values": [round(v - mean, 4) for v in values]}
    pairs = []
    for key, leaves in sorted(buckets.items()):
        if len(key) != 2:
            continue
        a, b = key
        ea, eb = thresholds(leaves, a), thresholds(leaves, b)
        grid = np.array([[_value(leaves, {a: xa, b: xb}) for xb in _points(eb)] for xa in _points(ea)])
        ia = np.searchsorted(np.array(ea), X[:, a], side="left")
        ib = np.searchsorted(np.array(eb), X[:, b], side="left")
        mean = float(np.mean(grid[ia, ib]))
        bias += mean
        pairs.append({"features": [FEATURES[a], FEATURES[b]], "edges": [ea, eb],
                      "values": [[round(float(v) - mean, 4) for v in row] for row in grid]})
    return {"bias": round(bias, 4), "tables": tables, "pairs": pairs}


def spec_of(tables: dict, sequence: dict, note: dict, lexicon: dict[str, float]) -> dict:
    """The model file's content; `pipeline_fingerprint` records the pipeline it was trained behind."""
    return {"note": note, "features": list(FEATURES), "bias": tables["bias"], "sequence": sequence,
            "tables": tables["tables"], "pairs": tables["pairs"], "lexicon": dict(sorted(lexicon.items())),
            KEY: fingerprint()}


def decode(scores: list[float], sequence: dict) -> list[bool]:
    """What the stage keeps for these scores (its decision, without the header and prose guards)."""
    return decide(scores, sequence["switch_cost"], sequence["confident"], sequence["min_confident"])


def table_scores(tables: dict, X):
    """The scores the stage computes from `tables`, for every row of X."""
    import numpy as np
    out = np.full(len(X), tables["bias"])
    for i, name in enumerate(FEATURES):
        tab = tables["tables"][name]
        if tab["edges"]:
            out += np.array(tab["values"])[np.searchsorted(np.array(tab["edges"]), X[:, i], side="left")]
        else:
            out += tab["values"][0]
    for pair in tables["pairs"]:
        a, b = (FEATURES.index(f) for f in pair["features"])
        ia = np.searchsorted(np.array(pair["edges"][0]), X[:, a], side="left")
        ib = np.searchsorted(np.array(pair["edges"][1]), X[:, b], side="left")
        out += np.array(pair["values"])[ia, ib]
    return out
