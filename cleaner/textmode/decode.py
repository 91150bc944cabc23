"""Decoding (text mode): the two-state Viterbi that turns per-line scores into content /
boilerplate labels, and the do-no-harm test that cuts nothing without confident junk."""
from __future__ import annotations


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
