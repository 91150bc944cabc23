"""`bench/stagetime.py` run in turn in this work tree and in another checkout: medians per stage.

    python bench/stagetime_ab.py --base /path/to/checkout [--rounds 3] [stagetime options...]

The other checkout needs its native extension built (`maturin develop`, or its crate's
`cargo build --release` output copied to `cleaner/_native.abi3.so`). Each round runs the
base, then this tree, as separate processes; prints the median CPU ms per page of each stage
in both, and their ratio.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(root: Path, extra: list[str]) -> dict[str, float]:
    """CPU ms per page of each stage, as `stagetime.py` in `root` prints them."""
    out = subprocess.run([sys.executable, str(root / "bench" / "stagetime.py"), "--shared", str(REPO.parent / "shared"),
                          *extra], capture_output=True, text=True, check=True).stdout
    return {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\S+)\s+([\d.]+)", out, re.M)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout")
    ap.add_argument("--rounds", type=int, default=3)
    args, extra = ap.parse_known_args(argv)
    runs: dict[str, list[dict[str, float]]] = {"base": [], "this": []}
    for _ in range(args.rounds):
        runs["base"].append(run(args.base, extra))
        runs["this"].append(run(REPO, extra))
    print(f"{'stage':12} {'base':>7} {'this':>7}  ratio")
    for stage in runs["this"][0]:
        base = statistics.median(r.get(stage, 0.0) for r in runs["base"])
        this = statistics.median(r.get(stage, 0.0) for r in runs["this"])
        print(f"{stage:12} {base:7.2f} {this:7.2f}  {this / base if base else 0:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
