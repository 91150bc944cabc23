"""The systems `bench/quality.py` compares, and the loop that runs one over pages.

Each system is a factory `make(mode) -> extract`, where `extract(page)` returns an `Output`
(the text, and the headline and author the system's metadata found, where it has any).
A page that raises (or times out) gives an empty output and its error text: never a
stopped run.
"""
from __future__ import annotations

import html
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.benches import MODES, Page, base_language


@dataclass
class Output:
    """What a system gives for one page: the text, and its metadata's headline and author."""

    text: str
    title: str | None = None
    author: str | None = None


Extractor = Callable[[Page], "Output | str"]

# per-stage option overrides for the cleaner runs (`--set STAGE.KEY=VALUE`)
CLEANER_OPTIONS: dict[str, dict[str, Any]] = {}

# ISO 639-1 code -> jusText stoplist name (every code news-dev has that jusText has a list for)
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay", "nb": "Norwegian_Bokmal",
    "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese",
}


def justext_stoplist_name(language: str | None) -> str | None:
    """The jusText stoplist for a page language (None -> English; no list -> None)."""
    return JUSTEXT_STOPLISTS.get(base_language(language) or "en")


def decode(data: bytes, charset: str = "utf-8") -> str:
    """`data` as text in `charset` (UTF-8 when the name is unknown), bad bytes replaced."""
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def lines_as_html(text: str) -> str:
    """A text dump as a minimal HTML page, each non-blank line one <p> (README baseline)."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset=\"utf-8\"></head><body>\n{paragraphs}\n</body></html>"


def make_cleaner(mode: str) -> Extractor:
    """`cleaner.api.clean(bytes, source=path)` with `Config(options=CLEANER_OPTIONS)`;
    the headline and author are the sidecar's `title` and `author`."""
    from cleaner.api import clean
    from cleaner.config import Config

    config = Config(options=CLEANER_OPTIONS)

    def run(page: Page) -> Output:
        result = clean(page.data, source=page.path, config=config)
        meta = result.metadata
        return Output(result.text or "", meta.get("title") or None, meta.get("author") or None)

    return run


def make_trafilatura(mode: str, **options: Any) -> Extractor:
    """`trafilatura.extract(include_comments=False, **options)`; text mode: one <p> per dump
    line. On pages whose gold includes the headline, `extract_metadata(extensive=False)` gives
    the title (`extensive` only widens the date search, which took 22 s on one europa dump)."""
    import trafilatura
    from trafilatura import extract_metadata

    def run(page: Page) -> Output:
        doc = decode(page.data, page.charset) if mode == "html" else lines_as_html(decode(page.data))
        out = Output(trafilatura.extract(doc, include_comments=False, **options) or "")
        if page.title_in_gold:
            meta = extract_metadata(doc, extensive=False)  # the title is the same; no slow date search
            out.title = (meta.title or None) if meta is not None else None
        return out

    return run


def make_justext(mode: str) -> Extractor:
    """`justext.justext(page, get_stoplist(LANG))`, the non-boilerplate paragraphs one per
    line; text mode: the dump as one <p> per line. LANG from the page language (English when
    unknown); a language jusText has no list for runs with `frozenset()` and, as jusText's
    own command line does for an empty stoplist, stopwords_low = stopwords_high = 0."""
    import justext

    stoplists: dict[str | None, frozenset[str]] = {}

    def run(page: Page) -> Output:
        name = justext_stoplist_name(page.language)
        if name not in stoplists:
            stoplists[name] = justext.get_stoplist(name) if name else frozenset()
        stoplist = stoplists[name]
        doc = decode(page.data, page.charset) if mode == "html" else lines_as_html(decode(page.data))
        thresholds = {} if stoplist else {"stopwords_low": 0.0, "stopwords_high": 0.0}
        paragraphs = justext.justext(doc, stoplist, **thresholds)
        return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))

    return run


def make_keep_everything(mode: str) -> Extractor:
    """The text dump itself (the floor a cleaner must beat)."""
    def run(page: Page) -> Output:
        return Output(decode(page.data))

    return run


# name -> (factory, modes it applies to, description)
SYSTEMS: dict[str, tuple[Callable[[str], Extractor], tuple[str, ...], str]] = {
    "cleaner": (make_cleaner, MODES, "cleaner.api.clean() on the input bytes"),
    "trafilatura": (make_trafilatura, MODES,
                    "trafilatura.extract(include_comments=False); text mode: one <p> per dump line"),
    "trafilatura-precision": (lambda mode: make_trafilatura(mode, favor_precision=True), ("html",),
                              "trafilatura.extract(include_comments=False, favor_precision=True)"),
    "justext": (make_justext, MODES, "justext.justext(page, stoplist of the page language); "
                "text mode: one <p> per dump line"),
    "keep-everything": (make_keep_everything, ("text",), "the text dump itself"),
}


def as_output(value: Output | str | None) -> Output:
    """An extractor's return value as an Output (a plain string is the text)."""
    if isinstance(value, Output):
        return value
    return Output("" if value is None else str(value))


class PageTimeout(Exception):
    """A page took longer than --timeout seconds."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout("timed out")


def run_system(extract: Callable[[Page], Any], pages: list[Page],
               timeout: float) -> tuple[list[tuple[Any, float, str | None]], float]:
    """(output, seconds, error) per page, and the summed seconds of the extraction calls.

    The output is what `extract` returned (an `Output` or a string); an exception (or a
    timeout) on one page gives the empty string and its error text.
    """
    results: list[tuple[Any, float, str | None]] = []
    total = 0.0
    use_alarm = timeout > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for page in pages:
            error = None
            start = time.perf_counter()
            try:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    out = extract(page)
                finally:
                    if use_alarm:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except Exception as err:  # noqa: BLE001 - one bad page must not stop the run
                out = ""
                error = f"{type(err).__name__}: {err}".strip()
                tb = traceback.extract_tb(err.__traceback__)
                if tb:
                    error += f" (at {Path(tb[-1].filename).name}:{tb[-1].lineno})"
            elapsed = time.perf_counter() - start
            total += elapsed
            if out is None:
                out = ""
            elif not isinstance(out, (str, Output)):
                out = str(out)
            results.append((out, elapsed, error))
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)
    return results, total
