"""The stages, in the order they run: `ORDER` is the one list a new stage is added to.

Each name is a module of this package defining one `Stage` subclass of that name.
Extraction first, then junk removal (cheap, sure rules before the structural ones that
look at neighbours), then metadata, then repairs.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from ..stage import Stage

ORDER: tuple[str, ...] = (
    "html",         # HTML input -> main-content blocks (trafilatura after a DOM pre-pass)
    "segment",      # text input (or HTML nothing was extracted from) -> line blocks
    "unwrap",       # text input wrapped at a fixed width -> one block per paragraph
    "mojibake",     # ftfy, per block
    "dumpmarkup",   # text input: lynx link numbers and link list, markdown marks
    "chrome",       # site menus, header/footer lines
    "share",
    "comments",     # comment section: heading to the end, form lines
    "paywall",
    "newsletter",
    "teaser",
    "language",     # from the blocks left once the junk phrase lists name is gone
    "mainregion",   # text input: the article's region, chosen as a sequence (model + Viterbi)
    "header",       # text input: headline, author, date read from the header (drops nothing)
    "byline",       # bylines, dates, reading times -> metadata
    "captions",
    "title",        # page title and masthead -> metadata
    "layout",       # neighbour pass: orphan labels, short lines stranded among junk
    "whitespace",   # collapse runs of white space inside the blocks kept
    "typography",
    "quotes",
    "names",
    "garbled",
)


def stage_class(name: str) -> type[Stage]:
    """The `Stage` subclass named `name`, from the module `cleaner.stages.<name>`."""
    module = importlib.import_module(f"{__name__}.{name}")
    found = [obj for obj in vars(module).values()
             if isinstance(obj, type) and issubclass(obj, Stage) and obj.__module__ == module.__name__
             and obj.name == name]
    if len(found) != 1:
        raise ImportError(f"module {module.__name__} must define one Stage named {name!r}, found {len(found)}")
    return found[0]


@lru_cache(maxsize=1)
def load_all() -> dict[str, type[Stage]]:
    """Every stage class by name, in `ORDER`."""
    return {name: stage_class(name) for name in ORDER}
