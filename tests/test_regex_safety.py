"""No regular expression of cleaner can backtrack catastrophically.

Every pattern cleaner compiles is collected: module-level patterns of every `cleaner`
module, the patterns held by the stages of the default pipeline (phrase lists joined into
alternations, built with f-strings), every `Patterns` alternation of every shipped language,
the HTML pre-pass's token screens, and the literal patterns passed to `re.search(...)` and
the like in the source. Each one is run (`finditer` to the end, and `fullmatch`) against
adversarial text: long runs of one character (letters, digits, spaces of several kinds,
punctuation), of two alternating characters, each with a character no pattern expects at
the end, and the pattern's own literal words followed by such runs (what reaches the part
of an anchored pattern after its keyword: "par" + 3,000 no-break spaces).

A pattern with nested or overlapping quantifiers ("(a+)+$", "\\s*:?\\s+\\S") never finishes
on such text, so the patterns run in a child process and the test asserts that it finishes;
the generous timeout is a guard against hanging the test run, not a speed measurement. When
it fires, the failure names the pattern that was running.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.patterns import load_patterns

RUN = 3000  # characters per adversarial run
GUARD = 600  # seconds: the child normally needs well under a minute
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
    for lang, table in patterns.tables.items():
        for section, keys in table.items():
            for key, items in (keys.items() if isinstance(keys, dict) else ()):
                # stop-word lists are sets of words (Patterns.words), never regexes; a union
                # of safe alternatives is safe, so one language's list needs no run of its own
                if key != "words" and isinstance(items, list) and all(isinstance(i, str) for i in items):
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

def adversarial(pattern: str | bytes) -> Iterator[str]:
    """Long runs that make a backtracking pattern explore every way to split them."""
    for unit in CHARS + PAIRS:
        run = unit * (RUN // len(unit))
        for end in AFTER:
            yield run + end
    source = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    words = list(dict.fromkeys(re.findall(r"[^\W\d_]{2,}", source)))
    step = max(1, len(words) // MAX_WORDS)
    for word in words[::step][:MAX_WORDS]:
        for unit in KEY_RUNS:
            yield word + unit * RUN
            yield word + unit * RUN + "\x00"


def run_all() -> None:
    """Run every pattern against its adversarial text, saying which one before each."""
    found = collect()
    for (source, flags), where in found.items():
        print(f"pattern {where}: {source!r:.200}", flush=True)
        pattern = re.compile(source, flags)
        for text in adversarial(source):
            subject = text.encode("utf-8") if isinstance(source, bytes) else text
            for _ in pattern.finditer(subject):
                pass
            pattern.fullmatch(subject)
    print(f"done {len(found)}", flush=True)


# ---- the tests ---------------------------------------------------------------------------

def test_the_collection_reaches_every_kind_of_pattern() -> None:
    found = collect()
    places = set(found.values())
    assert len(found) >= 90  # distinct (pattern, flags) pairs: 98 when this was written
    assert any(p.startswith("stage byline") for p in places), "patterns built by stages"
    assert any(p.startswith("*.toml [") for p in places), "phrase lists no stage holds"
    reading = load_patterns().any("reading_time", "phrases")
    assert (reading.pattern, reading.flags) in found, "phrase lists stages hold"
    assert any(p.startswith("byline.py:") for p in places), "literal patterns in re.sub(...) calls"
    assert "markup.toml screen" in places
    assert "cleaner.text.WORD" in places


def test_adversarial_text_reaches_a_keyword_anchored_pattern() -> None:
    texts = set(adversarial(r"^(?:par|by)\s*:?\s+(?P<name>\S.*)$"))
    assert "par" + "\u00a0" * RUN in texts and "by" + " " * RUN + "\x00" in texts
    assert "1" * RUN + "\x00" in texts and "a." * (RUN // 2) + "\x00" in texts


def test_every_pattern_finishes_on_adversarial_text() -> None:
    child = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=PACKAGE.parent)
    try:
        out, err = child.communicate(timeout=GUARD)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        running = [line for line in out.splitlines() if line.startswith("pattern ")][-1:]
        pytest.fail(f"no end after {GUARD} s, catastrophic backtracking in: {running}")
    assert child.returncode == 0, err[-3000:]
    last = out.splitlines()[-1]
    assert last.startswith("done ") and int(last.split()[1]) >= 90, out[-500:]


if __name__ == "__main__":
    run_all()
