"""Every option a run can take, in one typed object the CLI and the API share."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent  # the package folder holding patterns/ and models/


@dataclass(frozen=True)
class Config:
    """Options for cleaning: what `cleaner clean` takes on its command line, as one object.

    disable: stage names to skip (see `cleaner stages`); `--disable`. One name may be given
        as a string: `disable="names"` is `disable=("names",)`.
    options: per-stage thresholds and switches, e.g. {"comments": {"min_words_before": 40}};
        `--set comments.min_words_before=40`.
    languages: language codes whose phrase lists are loaded ("*" = all shipped); `--lang`.
        One code may be given as a string, as for `disable`.
    max_bytes: inputs larger than this (raw, or once decompressed) are refused; `--max-bytes`.
    timeout: seconds one document may take; past it the document is given up and recorded as
        a timeout (`DocumentTimeout` from `cleaner.clean`). None: no limit. It is enforced with
        SIGALRM, so only in the main thread of a process; elsewhere it is not applied.
        `--timeout` (the command line's default is 60 s).
    """

    disable: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    languages: tuple[str, ...] = ("*",)
    max_bytes: int = 20 * 1024 * 1024
    timeout: float | None = None

    def __post_init__(self) -> None:
        """Make `disable` and `languages` tuples of strings: a lone string is one name (not
        its letters), a list or other iterable becomes a tuple; anything else is a TypeError."""
        for key, what in (("disable", "stage name"), ("languages", "language code")):
            value = getattr(self, key)
            try:
                names = (value,) if isinstance(value, (str, bytes)) else tuple(value)
            except TypeError:
                names = (value,)
            wrong = [name for name in names if not isinstance(name, str)]
            if wrong:
                raise TypeError(f"Config.{key} takes a {what} or a sequence of them (strings), "
                                f"not {wrong[0]!r}")
            object.__setattr__(self, key, names)

    def fingerprint(self) -> str:
        """A hash of the options that decide what the outputs are (not `timeout`), and of the
        shipped data (phrase lists, text model): two runs with one fingerprint (and one
        cleaner version) write the same outputs for one input."""
        decisive = {"disable": list(self.disable), "options": self.options,
                    "languages": list(self.languages), "max_bytes": self.max_bytes,
                    "data": data_digest()}
        canonical = json.dumps(decisive, sort_keys=True, default=repr, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def data_digest() -> str:
    """A hash of the package's data files (`patterns/*.toml`, `models/*.json`): an edited
    phrase list changes what a run writes as much as an option does."""
    digest = hashlib.sha256()
    for path in sorted([*DATA.glob("patterns/*.toml"), *DATA.glob("models/*.json")]):
        digest.update(path.relative_to(DATA).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def stage_options(values: list[str]) -> dict[str, dict[str, Any]]:
    """`STAGE.KEY=VALUE` settings (as `--set` takes them) as {stage: {key: value}}; VALUE is
    read as JSON, else kept as a string. A malformed setting raises ValueError."""
    options: dict[str, dict[str, Any]] = {}
    for item in values:
        target, sep, text = item.partition("=")
        stage, dot, key = target.strip().partition(".")
        if not (sep and dot and stage and key):
            raise ValueError(f"--set takes STAGE.KEY=VALUE, not {item!r}")
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        options.setdefault(stage, {})[key] = value
    return options
