"""Train the headline scorer of text dumps (`cleaner/headline.py`, `cleaner/models/headline.json`).

    python bench/train_headline.py --cache /tmp/headline.pkl            # CV by site, then write the model
    python bench/train_headline.py --cache /tmp/headline.pkl --no-write # CV figures only

Data: news-dev (`fundus`, `daniel`, `europa`; `text` and `text80` dumps) and WCXB dev
(`text`). Each dump runs through the pipeline up to the `header` stage; its candidate lines
(`cleaner.headline.candidates`) are measured; a candidate is a positive when its text is
the gold headline but for case, quotes, dashes or a site name after a separator
(`bench/headlines.py: same_headline`); europa (one site, one template) weighs
`EUROPA_WEIGHT`.
Cross-validation folds by site (the URL's host): no site is both trained and scored on.
The model is a conditional logit: each page's candidates compete with "none of them" (score
0), so a page whose headline is no candidate (outside daniel, whose gold is the HTML title
with the site's name) teaches it to give none. A title is given when the best line's
probability reaches `--threshold` (default 0.5: likelier the headline than anything else,
no title included); `--precision P` picks instead the threshold giving the most right titles
at a cross-validated precision of at least P on the pages outside daniel. Needs scikit-learn, scipy and numpy
(training only).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.headlines import same_headline  # noqa: E402
from cleaner.api import get_pipeline  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.headline import FEATURES, MODEL_PATH, candidates, ws  # noqa: E402
from cleaner.reading import InputError, read_document  # noqa: E402

SHARED = REPO.parent / "shared" / "benchmarks"
EUROPA_WEIGHT = 0.2


def tasks(shared: Path) -> list[dict[str, Any]]:
    """Every dump to read: path, gold headline, site (the CV group) and set name."""
    out: list[dict[str, Any]] = []
    for folder in ("fundus", "daniel", "europa"):
        base = shared / "news-dev" / folder
        for line in (base / "meta.jsonl").read_text(encoding="utf-8").splitlines():
            meta = json.loads(line)
            site = "europa" if folder == "europa" else (urlparse(meta.get("url") or "").netloc.removeprefix("www.")
                                                         or meta["id"].rsplit("_", 3)[0])
            for shape in ("text", "text80"):
                out.append({"set": f"{folder}/{shape}", "id": meta["id"], "path": str(base / shape / f"{meta['id']}.txt"),
                            "gold": ws(meta.get("title") or ""), "site": site})
    base = shared / "wcxb-dev-articles"
    for path in sorted((base / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        site = urlparse(truth.get("url") or "").netloc.removeprefix("www.") or path.stem
        out.append({"set": "wcxb/text", "id": path.stem, "path": str(base / "text" / f"{path.stem}.txt"),
                    "gold": ws((truth.get("ground_truth") or {}).get("title") or ""), "site": site})
    return out


def measure(task: dict[str, Any]) -> dict[str, Any]:
    """The candidates of one dump, measured as the `header` stage sees them, and their labels."""
    pipeline = get_pipeline(Config())
    try:
        doc = read_document(Path(task["path"]).read_bytes(), path=task["path"])
    except InputError:  # an empty dump: no candidate
        return {**task, "rows": [], "texts": [], "labels": []}
    header = None
    for stage in pipeline.stages:
        if stage.name == "header":
            header = stage
            break
        if stage.applies_to(doc):
            stage.run(doc)
    assert header is not None
    lang = doc.metadata.get("language")
    patterns = header.patterns
    stop = patterns.words(lang, "stopwords", "words") if lang in patterns.languages else frozenset()

    def byline_at(block: Any) -> str | None:
        found = header.bylines.read(block.norm, lang) if block.n_words <= header.bylines.opts["max_words"] else None
        return found[0][0] if found else None

    cands = candidates(doc, stop, byline_at, header.credit)  # type: ignore[attr-defined]
    return {**task, "rows": [c.row for c in cands], "texts": [ws(c.block.text) for c in cands],
            "labels": [int(bool(task["gold"]) and ws(c.block.text) == task["gold"]) for c in cands]}


def relabel(pages: list[dict[str, Any]]) -> None:
    """Label as the headline every candidate `same_headline` as the gold (case, quotes, a site
    name after a separator apart), also on daniel, whose gold is the HTML title."""
    for page in pages:
        page["labels"] = [int(same_headline(text, page["gold"])) for text in page["texts"]]


def load(shared: Path, cache: Path | None, jobs: int) -> list[dict[str, Any]]:
    """Every page measured (read from `cache` when it exists, else measured and cached)."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    with ProcessPoolExecutor(jobs) as pool:
        pages = list(pool.map(measure, tasks(shared), chunksize=8))
    if cache:
        cache.write_bytes(pickle.dumps(pages))
    return pages


def decide(probs: list[float], texts: list[str], threshold: float) -> int | None:
    """The chosen candidate's position, as `HeadlineModel.choose`: the line whose probability,
    summed over its copies, is highest, when that reaches `threshold`; else None."""
    if not probs:
        return None
    total: dict[str, float] = {}
    for p, t in zip(probs, texts):
        total[t] = total.get(t, 0.0) + p
    best = max(total, key=total.__getitem__)
    return texts.index(best) if total[best] >= threshold else None


def tally(pages: list[dict[str, Any]], probs: list[list[float]], threshold: float) -> Counter[str]:
    """Right and given titles, per set and overall."""
    out: Counter[str] = Counter()
    for page, p in zip(pages, probs):
        pick = decide(p, page["texts"], threshold)
        right = pick is not None and page["labels"][pick] == 1
        for key in (page["set"], "all"):
            out[key + ":pages"] += 1
            out[key + ":given"] += pick is not None
            out[key + ":right"] += right
            out[key + ":ceiling"] += any(page["labels"])
    return out


def rule_probs(pages: list[dict[str, Any]]) -> list[list[float]]:
    """A rule for comparison: the nearest headline-shaped line above the article (3..30 words)."""
    near, words = FEATURES.index("nearest_shaped"), FEATURES.index("words")
    return [[float(r[near] == 1 and r[words] >= 3 / 30) for r in page["rows"]] for page in pages]


def trained_on(page: dict[str, Any]) -> bool:
    """Pages the model learns from: those whose headline is a candidate (learn which), and
    those of sets whose gold is the page's headline where it is none (learn to give none);
    not daniel's others, whose gold is the HTML title, site name and all."""
    return any(page["labels"]) or not page["set"].startswith("daniel")


def cross_validate(pages: list[dict[str, Any]], l2: float, folds: int) -> list[list[float]]:
    """Out-of-fold probabilities of every candidate, folds grouped by site."""
    import numpy as np
    from sklearn.model_selection import GroupKFold
    sites = sorted({p["site"] for p in pages})
    fold_of = {s: i for i, s in enumerate(sites)}
    groups = np.array([fold_of[p["site"]] for p in pages])
    out: list[list[float]] = [[] for _ in pages]
    for train_i, test_i in GroupKFold(folds).split(np.zeros(len(pages)), groups=groups):
        w, b = fit([pages[i] for i in train_i], l2)
        for i in test_i:
            out[i] = probabilities(pages[i]["rows"], w, b)
    return out


def probabilities(rows: list[list[float]], w: Any, b: float) -> list[float]:
    """Each candidate's probability of being the headline, beside "none of them" (score 0)."""
    import numpy as np
    if not rows:
        return []
    s = np.array(rows) @ w + b
    top = max(0.0, float(s.max()))
    e = np.exp(s - top)
    return list(e / (np.exp(-top) + e.sum()))


def fit(pages: list[dict[str, Any]], l2: float) -> tuple[Any, float]:
    """A conditional logit over each page's candidates and "none": weights and bias that
    maximise the probability of the headline's line (or of none, on pages without it)."""
    import numpy as np
    from scipy.optimize import minimize
    used = [p for p in pages if p["rows"] and trained_on(p)]
    X = np.array([r for p in used for r in p["rows"]])
    page_of = np.repeat(np.arange(len(used)), [len(p["rows"]) for p in used])
    pos = np.array([lab for p in used for lab in p["labels"]], dtype=float)
    has_pos = np.array([any(p["labels"]) for p in used], dtype=float)
    weight = np.array([EUROPA_WEIGHT if p["set"].startswith("europa") else 1.0 for p in used])
    n_pages, n_feat = len(used), X.shape[1]

    def loss(theta: Any) -> tuple[float, Any]:
        w, b = theta[:n_feat], theta[n_feat]
        s = X @ w + b
        top = np.maximum(np.zeros(n_pages), np.full(n_pages, -np.inf))
        np.maximum.at(top, page_of, s)
        e = np.exp(s - top[page_of])
        z = np.exp(-top) + np.bincount(page_of, e, n_pages)
        zp = np.bincount(page_of, e * pos, n_pages)
        nll = np.log(z) + top - has_pos * (np.log(np.where(has_pos > 0, zp, 1.0)) + top)
        p_all = e / z[page_of]
        q_pos = np.where(pos > 0, e / np.where(zp[page_of] > 0, zp[page_of], 1.0), 0.0)
        coef = (p_all - q_pos) * weight[page_of]
        grad_w = X.T @ coef + l2 * w
        grad_b = coef.sum()
        return float((nll * weight).sum() + 0.5 * l2 * (w @ w)), np.append(grad_w, grad_b)

    result = minimize(loss, np.zeros(n_feat + 1), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x[:n_feat], float(result.x[n_feat])


def print_tally(name: str, t: Counter[str]) -> None:
    """One line per set: right / pages, the ceiling, given and precision."""
    print(f"== {name}")
    for key in sorted({k.rsplit(':', 1)[0] for k in t}):
        pages, right, given, ceil = (t[f"{key}:{x}"] for x in ("pages", "right", "given", "ceiling"))
        print(f"  {key:14} right {right:5}/{pages:<5} {right / pages:6.1%}  ceiling {ceil:5}  "
              f"right/ceiling {right / max(ceil, 1):6.1%}  given {given:5}  precision {right / max(given, 1):6.1%}")


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, pick the threshold, fit on everything and write the model."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--cache", type=Path, help="pickle of the measured pages (made when missing)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="least probability of a title (0.5: likelier the headline than not)")
    parser.add_argument("--precision", type=float,
                        help="instead of --threshold, the lowest threshold giving at least this precision "
                             "(CV, lenient, pages outside daniel)")
    parser.add_argument("--no-write", action="store_true", help="CV figures only")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    pages = load(args.shared, args.cache, args.jobs)
    relabel(pages)
    print(f"{len(pages)} pages, {sum(len(p['rows']) for p in pages)} candidates, "
          f"{sum(any(p['labels']) for p in pages)} with the headline among them")
    print_tally("rule: nearest headline-shaped line above the article", tally(pages, rule_probs(pages), 0.5))
    probs = cross_validate(pages, args.l2, args.folds)
    clean = [i for i, p in enumerate(pages) if not p["set"].startswith("daniel")]  # gold = the headline
    threshold = args.threshold
    if args.precision is not None:
        best: tuple[int, float] | None = None
        for candidate in [x / 40 for x in range(4, 39)]:
            t = tally([pages[i] for i in clean], [probs[i] for i in clean], candidate)
            if t["all:right"] >= args.precision * max(t["all:given"], 1) and (best is None or t["all:right"] > best[0]):
                best = (t["all:right"], candidate)
        if best is None:
            print("no threshold reaches the precision asked")
            return 1
        threshold = best[1]
    print_tally(f"model, cross-validated by site (threshold {threshold})", tally(pages, probs, threshold))
    print_tally("model, cross-validated, no threshold", tally(pages, probs, 0.0))
    w, b = fit(pages, args.l2)
    weights = [round(float(x), 4) for x in w]
    for x, f in sorted(zip(weights, FEATURES), key=lambda p: -abs(p[0])):
        print(f"  {f:16} {x:+.3f}")
    if not args.no_write:
        spec = {"about": "headline scorer of text dumps: a conditional logit over each page's candidates "
                         "and none of them (score 0), weights over cleaner.headline.FEATURES "
                         "(bench/train_headline.py)", "features": list(FEATURES), "weights": weights,
                "bias": round(b, 4), "threshold": threshold,
                "trained_on": f"{len(pages)} dumps of news-dev and WCXB dev, l2={args.l2}"}
        args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
