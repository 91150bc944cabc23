"""No regular expression of cleaner takes more than linear time on adversarial text.

Every pattern cleaner compiles is collected: module-level patterns of every `cleaner`
module, the patterns held by the stages of the default pipeline (phrase lists joined into
alternations, built with f-strings), every `Patterns` alternation of every shipped language,
the HTML pre-pass's token screens, and the literal patterns passed to `re.search(...)` and
the like in the source. Each one is run (`finditer` to the end, and `fullmatch`) against
families of adversarial text of any length: long runs of one character (letters, digits,
spaces of several kinds, punctuation), of two alternating characters, each with a character
no pattern expects at the end, and the pattern's own literal words followed by such runs
(what reaches the part of an anchored pattern after its keyword: "par" + n no-break spaces).

A pattern with nested or overlapping quantifiers ("(a+)+$", "\\s+x" on a run of spaces)
takes quadratic or exponential time on such text. So for each pattern every family is first
screened at two short lengths, and the families most likely to be super-linear (highest
growth, slowest) are then timed carefully at n and 4n characters (tests/growth.py: CPU time,
median of a few rounds): the test fails when t(4n)/t(n) > 10, where linear is ~4 and quadratic
~16. The measuring runs in a child process, with a hard guard on its total time and a CPU
budget on every single call, so a catastrophic pattern fails the test instead of hanging it.
Tests of the checker itself show that it flags a quadratic and an exponential pattern and
passes a linear one.
"""
from __future__ import annotations

import ast
import importlib
import math
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

from cleaner.patterns import load_patterns
from growth import LIMIT, Growth, growth, in_child, per_call

GUARD = 600  # seconds for the whole child: a hang guard, it normally needs well under a minute
SCREEN = 128  # characters per run in the first screening of every family (and 4x that)
SCREEN_TIME = 0.00003  # CPU seconds per screening measurement, at least
CALL_GUARD = 0.5  # CPU seconds one call may take at the screening lengths (linear: < 5 ms)
CHECK = 1024  # characters per run at n in the careful measurement (less for a slow pattern)
MAX_CALL = 0.02  # CPU seconds per call at n that make n smaller (4n would be slow)
MIN_TIME = 0.005  # CPU seconds per careful measurement at n, at least
BY_RATIO, BY_TIME = 1, 2  # families measured carefully: the most growing, the slowest
CHARS = ["a", "A", "é", "1", " ", "\t", "\n", "\u00a0", "\u202f", ".", ",", ";", ":", "!", "?", "-", "–",
         "_", "'", "’", '"', "«", "»", "(", ")", "[", "]", "/", "|", "•", "·", "*", "#", "@", "&", "<", ">",
         "=", "+", "%", "©", "中"]
PAIRS = ["ab", "a ", "a.", "a-", "a'", "aA", "Ab ", "AB ", "A. ", ". ", " .", "1 ", "1/", "12-", "1:", "a, ",
         "- ", ": ", " :", "a@", "(a", "a)", "<a", "&a", "« ", "a\n", " \n"]
AFTER = ["", "\x00"]  # what ends the run: nothing, or a character no pattern expects
KEY_RUNS = [" ", "\u00a0", "\t", "1", "a", "A", ".", "-", ":", "("]  # runs after a literal word
MAX_WORDS = 8  # literal words of a pattern used as prefixes
FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"


# ---- collecting every pattern ----------------------------------------------------------

def collect() -> dict[tuple[str | bytes, int], str]:
    """Every distinct (pattern, flags) cleaner compiles, with where it was found."""
    import cleaner
    from cleaner.api import get_pipeline
    from cleaner.config import Config
    from cleaner.htmlmode.rules import markup_rules

    found: dict[tuple[str | bytes, int], str] = {}

    def add(where: str, pattern: object) -> None:
        if isinstance(pattern, re.Pattern):
            found.setdefault((pattern.pattern, pattern.flags), where)

    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            add(f"{info.name}.{name}", value)
            if isinstance(value, type) and value.__module__ == info.name:
                for attr, inner in vars(value).items():
                    _walk(inner, f"{info.name}.{name}.{attr}", add)
    pipeline = get_pipeline(Config())
    for stage in pipeline.stages:
        _walk(stage, f"stage {stage.name}", add)
    patterns = pipeline.stages[0].patterns
    native = patterns.served_natively()  # checked in the native engine (`run_native`)
    for lang, table in patterns.tables.items():
        for section, keys in table.items():
            for key, items in (keys.items() if isinstance(keys, dict) else ()):
                # stop-word lists are sets of words (Patterns.words), never regexes; a union
                # of safe alternatives is safe, so one language's list needs no run of its own
                if key != "words" and isinstance(items, list) and all(isinstance(i, str) for i in items) \
                        and (section, key) not in native:
                    add(f"*.toml [{section}] {key}", patterns.any(section, key))
    rules = markup_rules()
    add("markup.toml screen", rules.screen)
    add("markup.toml body screen", rules.body_screen)
    for path, line, pattern in literal_patterns():
        add(f"{path.name}:{line}", re.compile(pattern))
    return found


def _walk(obj: object, where: str, add, depth: int = 0, seen: set[int] | None = None) -> None:
    """Patterns held by `obj` (a stage, a helper object, a list or dict of them)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 4:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        add(where, obj)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            _walk(value, f"{where}[{key!r}]", add, depth + 1, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            _walk(value, where, add, depth + 1, seen)
    elif hasattr(obj, "__dict__") and type(obj).__module__.startswith("cleaner"):
        for key, value in vars(obj).items():
            _walk(value, f"{where}.{key}", add, depth + 1, seen)


def literal_patterns() -> Iterator[tuple[Path, int, str]]:
    """The string literals passed to `re.compile`/`re.search`/... in cleaner's source."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in FUNCTIONS and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                yield path, node.lineno, node.args[0].value


# ---- adversarial text ------------------------------------------------------------------

Family = tuple[str, str, str]  # prefix, unit repeated to the length asked, end


def families(pattern: str | bytes) -> list[Family]:
    """Texts of any length that make a backtracking pattern explore every way to split them."""
    found = [("", unit, end) for unit in CHARS + PAIRS for end in AFTER]
    source = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    words = list(dict.fromkeys(re.findall(r"[^\W\d_]{2,}", source)))
    step = max(1, len(words) // MAX_WORDS)
    for word in words[::step][:MAX_WORDS]:
        found += [(word, unit, end) for unit in KEY_RUNS for end in AFTER]
    return found


def text(family: Family, n: int) -> str:
    """The family's text with a run of about n characters."""
    prefix, unit, end = family
    return prefix + unit * max(1, n // len(unit)) + end


def worker(pattern: re.Pattern, family: Family) -> Callable[[int], Callable[[], None]]:
    """prepare(n) for tests/growth.py: the text of length n built once, then a call that
    runs the pattern over it (finditer to the end, and fullmatch)."""
    def prepare(n: int) -> Callable[[], None]:
        subject: str | bytes = text(family, n)
        if isinstance(pattern.pattern, bytes):
            subject = subject.encode("utf-8")

        def run() -> None:
            for _ in pattern.finditer(subject):
                pass
            pattern.fullmatch(subject)
        return run
    return prepare


def native_worker(phrases: Any, family: Family) -> Callable[[int], Callable[[], None]]:
    """prepare(n) for a list the native core matches: its search (when it has one) and its
    fullmatch over the family's text."""
    def prepare(n: int) -> Callable[[], None]:
        subject = text(family, n)

        def run() -> None:
            try:
                phrases.search(subject)
            except ValueError:  # a list for whole lines only
                pass
            phrases.fullmatch(subject)
        return run
    return prepare


def check_pattern(source: str | bytes, flags: int = 0,
                  make: Callable[[Family], Callable[[int], Callable[[], None]]] | None = None) -> dict:
    """The worst growth of one pattern over its adversarial families, as a JSON-ready dict:
    ratio (t(4n)/t(n), math.inf past the call guard), family, detail. `make(family)` gives
    the work (default: CPython's `re` running `source`)."""
    if make is None:
        pattern = re.compile(source, flags)
        make = lambda family: worker(pattern, family)  # noqa: E731
    screened = []
    for family in families(source):
        prepare = make(family)
        times = []
        for n in (SCREEN, 4 * SCREEN):
            times.append(per_call(prepare(n), SCREEN_TIME, CALL_GUARD))
            if times[-1] == math.inf:
                return {"ratio": math.inf, "family": repr(family),
                        "detail": f"one call over {CALL_GUARD} s CPU at {n} characters"}
        screened.append((times[1] / max(times[0], 1e-9), times[1], family))
    chosen = sorted(screened, key=lambda s: -s[1])[:BY_TIME] + sorted(screened, reverse=True)[:BY_RATIO]
    worst: tuple[Growth, Family] | None = None
    for family in dict.fromkeys(family for *_, family in chosen):
        prepare = make(family)
        n, one = CHECK, per_call(prepare(CHECK), 0, CALL_GUARD)
        while n > SCREEN and one > MAX_CALL:
            n //= 4
            one = per_call(prepare(n), 0, CALL_GUARD)
        measured = growth(prepare, n, min_time=MIN_TIME, calls=math.ceil(MIN_TIME / max(one, 1e-6)))
        if worst is None or measured.ratio > worst[0].ratio:
            worst = (measured, family)
        if measured.superlinear:
            break  # one family is enough to fail: spare the time of the others
    assert worst is not None
    return {"ratio": worst[0].ratio, "family": repr(worst[1]), "detail": worst[0].describe()}


def run_all() -> list[dict]:
    """check_pattern for every pattern cleaner compiles (run in a child by the test); the
    pattern being checked is written to stderr first, for the hard guard's message."""
    verdicts = []
    for (source, flags), where in collect().items():
        print(f"pattern {where}: {source!r:.200}", file=sys.stderr, flush=True)
        verdicts.append({"where": where, "pattern": repr(source)[:200], **check_pattern(source, flags)})
    return verdicts


def run_native() -> list[dict]:
    """check_pattern, in the native engine, for every phrase list the pipeline has the native
    core match (run in a child by the test)."""
    from cleaner.api import get_pipeline
    from cleaner.config import Config

    patterns = get_pipeline(Config()).stages[0].patterns
    verdicts = []
    for section, key in sorted(patterns.served_natively()):
        source = patterns.alternation(section, key)
        for kind, phrases in (("native", patterns.native(section, key)), ("lines", patterns.native_lines(section, key))):
            where = f"native [{section}] {key} ({kind})"
            print(f"pattern {where}", file=sys.stderr, flush=True)
            verdicts.append({"where": where, "pattern": source[:200],
                             **check_pattern(source, make=lambda family, p=phrases: native_worker(p, family))})
    return verdicts


# ---- the tests ---------------------------------------------------------------------------

def test_the_collection_reaches_every_kind_of_pattern() -> None:
    found = collect()
    places = set(found.values())
    assert len(found) >= 90  # distinct (pattern, flags) pairs: 98 when this was written, 138 later
    assert any(p.startswith("stage byline") for p in places), "patterns built by stages"
    assert any(p.startswith("*.toml [") for p in places), "phrase lists no stage holds"
    iso = load_patterns().any("dates", "iso")
    assert (iso.pattern, iso.flags) in found, "phrase lists stages hold"
    assert any(p.startswith("byline.py:") for p in places), "literal patterns in re.sub(...) calls"
    assert "markup.toml screen" in places
    assert "cleaner.text.WORD" in places


def test_adversarial_text_reaches_a_keyword_anchored_pattern() -> None:
    found = families(r"^(?:par|by)\s*:?\s+(?P<name>\S.*)$")
    assert ("par", "\u00a0", "") in found and ("by", " ", "\x00") in found
    assert ("", "1", "\x00") in found and ("", "a.", "\x00") in found
    assert text(("by", " ", "\x00"), 3000) == "by" + " " * 3000 + "\x00"
    assert text(("", "a.", ""), 3000) == "a." * 1500


def test_the_checker_flags_a_quadratic_pattern() -> None:
    """"\\s+x" tries every length of every run of spaces: quadratic, found by the checker.
    So is "[ \\t]+(?=\\S)", which looks harmless, on a run of tabs that ends the text."""
    verdict = check_pattern(r"\s+x")
    assert verdict["ratio"] > LIMIT, verdict
    assert growth(worker(re.compile(r"\s+x"), ("", " ", "")), 512).ratio > LIMIT
    assert check_pattern(r"[ \t]+(?=\S)")["ratio"] > LIMIT


def test_a_cut_off_round_stays_over_the_limit_when_load_slows_the_small_run() -> None:
    """The 4n run is cut off at CUT times the fastest t(n). When load then triples t(n), the
    cut-off time over that t(n) is under LIMIT: the round must still count as over it."""
    calls_at_n = []

    def burn(seconds: float) -> None:
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass

    def prepare(n: int) -> Callable[[], None]:
        if n == 4:
            return lambda: burn(1.0)  # far over any budget: always cut off

        def small() -> None:
            calls_at_n.append(1)
            burn(0.006 if len(calls_at_n) == 1 else 0.018)  # the first run fast, then slowed
        return small

    measured = growth(prepare, 1, min_time=0.005)
    assert len(measured.pairs) >= 3 and measured.ratio > LIMIT, measured.describe()


def test_the_checker_flags_an_exponential_pattern() -> None:
    """"(\\w+\\s?)*$" splits a word every way before failing at "!": exponential. At 4n the
    call is cut off by its CPU budget; on a whole family the call guard stops it."""
    pattern = re.compile(r"(\w+\s?)*$")
    measured = growth(worker(pattern, ("", "a", "!")), 12)
    assert measured.ratio > LIMIT and "cut off" in measured.describe(), measured.describe()
    assert max(large for _, large in measured.pairs) < 5  # cut off, not run for hours
    assert check_pattern(pattern.pattern)["ratio"] > LIMIT


def test_the_checker_passes_linear_patterns() -> None:
    for source in (r"\w+", r"(?<!\w)(?:by|par|von)\s*:\s*(\S+)", r"\b(?:\d{1,2}[./-]){2}\d{2,4}\b"):
        verdict = check_pattern(source)
        assert verdict["ratio"] <= LIMIT, (source, verdict)


def test_every_pattern_grows_linearly_on_adversarial_text() -> None:
    verdicts = in_child("test_regex_safety", "run_all", timeout=GUARD)
    assert len(verdicts) >= 90
    linear = [v for v in verdicts if v["ratio"] <= LIMIT]
    if linear:  # shown with -s: how much room the linear patterns leave under LIMIT
        worst = max(linear, key=lambda v: v["ratio"])
        print(f"worst linear ratio {worst['ratio']:.1f}: {worst['where']} on {worst['family']}: {worst['detail']}")
    bad = [f"{v['where']} {v['pattern']} on {v['family']}: {v['detail']}" for v in verdicts if v["ratio"] > LIMIT]
    assert not bad, f"{len(bad)} super-linear pattern(s) (t(4n)/t(n) over {LIMIT:g}):\n" + "\n".join(bad)


def test_every_native_phrase_list_grows_linearly_on_adversarial_text() -> None:
    """The lists the native core matches (their CPython form is no longer run) meet the same
    bound in the native engine, on the same families."""
    verdicts = in_child("test_regex_safety", "run_native", timeout=GUARD)
    served = {v["where"].split(" (")[0] for v in verdicts}
    assert {"native [captions] credits", "native [newsletter] signals", "native [paywall] phrases"} <= served
    bad = [f"{v['where']} on {v['family']}: {v['detail']}" for v in verdicts if v["ratio"] > LIMIT]
    assert not bad, f"{len(bad)} super-linear list(s) (t(4n)/t(n) over {LIMIT:g}):\n" + "\n".join(bad)
