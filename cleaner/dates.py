"""Find and parse dates as pages print them, in the languages of the phrase lists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from . import _native
from .patterns import Patterns
from .patterns.syntax import opens_a_word


@dataclass(frozen=True)
class FoundDate:
    """A date found in a line: its ISO form (as precise as printed) and its span."""

    iso: str
    start: int
    end: int


class DateFinder:
    """Compiled date patterns for every loaded language."""

    def __init__(self, patterns: Patterns) -> None:
        self.patterns = patterns
        self.iso = patterns.any("dates", "iso")
        self.numeric_order: dict[str, str] = {
            lang: (patterns.entries(lang, "dates", "numeric") or ["dmy"])[0]
            for lang in patterns.languages if patterns.entries(lang, "dates", "months")}
        self.numeric = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])")
        # every textual pattern holds a month name of some language: a text without one, as the
        # native core finds them, has no textual date
        self.month_names = patterns.native("dates", "months")

    @cached_property
    def textual(self) -> list[tuple[re.Pattern[str], re.Pattern[str], list[re.Pattern[str]], str, _native.PhraseList]]:
        """Per language with month names: its day-first and month-first patterns, one pattern
        per month, its numeric order, and its month names matched natively (from word starts,
        as both patterns find them: a text without one has no textual date of the language).
        Compiled when first asked (a fifth of the pipeline's build): most texts hold no
        four-digit year, and `find` is asked only where one is."""
        patterns = self.patterns
        day_suffix = "|".join(filter(None, [patterns.alternation("dates", "ordinals"), r"\."]))
        month_first_suffix = patterns.alternation("dates", "month_first_ordinals")
        month_first_suffix = f"(?:{month_first_suffix})?" if month_first_suffix else ""
        textual = []
        for lang, order in self.numeric_order.items():
            months = patterns.entries(lang, "dates", "months")
            month_alt = "|".join(f"(?:{m})" for m in months)
            day_first = re.compile(
                rf"(?<!\w)(\d{{1,2}})(?:{day_suffix})?\s+({month_alt})(?!\w)\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
            month_first = re.compile(
                rf"(?<!\w)({month_alt})(?!\w)\.?\s+(\d{{1,2}}){month_first_suffix},?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
            month_res = [re.compile(rf"^(?:{m})$", re.IGNORECASE) for m in months]
            screen = _native.PhraseList(months, [opens_a_word(m) for m in months])
            textual.append((day_first, month_first, month_res, order, screen))
        return textual

    def _month(self, name: str, month_res: list[re.Pattern[str]]) -> int | None:
        for number, rx in enumerate(month_res, start=1):
            if rx.match(name):
                return number
        return None

    def find(self, text: str, lang: str | None = None) -> FoundDate | None:
        """The first date in `text` (earliest position), or None; `lang` decides
        whether 03/04/2020 is day-first."""
        found: list[FoundDate] = []
        m = self.iso.search(text)
        if m:
            year, month, day = m.group(1), m.group(2), m.group(3)
            if 1 <= int(month) <= 12:
                found.append(FoundDate(f"{year}-{month}" + (f"-{day}" if day else ""), m.start(), m.end()))
        for day_first, month_first, month_res, _, screen in self.textual if self.month_names.search(text) else ():
            if not screen.search(text):
                continue
            for rx, day_group, month_group in ((day_first, 1, 2), (month_first, 2, 1)):
                m = rx.search(text)
                if m:
                    month = self._month(m.group(month_group), month_res)
                    day = int(m.group(day_group))
                    if month and 1 <= day <= 31:
                        found.append(FoundDate(f"{m.group(3)}-{month:02d}-{day:02d}", m.start(), m.end()))
        m = self.numeric.search(text)
        if m:
            a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
            day, month = (b, a) if self.numeric_order.get(lang or "", "dmy") == "mdy" else (a, b)
            if month > 12:
                day, month = month, day
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append(FoundDate(f"{year}-{month:02d}-{day:02d}", m.start(), m.end()))
        return min(found, key=lambda f: f.start) if found else None
