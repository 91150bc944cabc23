"""cleaner: turn scraped web pages into clean article text with provenance metadata.

`clean`, `clean_file`, `Result`, `Config`, `InputError` and `DocumentTimeout` are loaded on
first use, so that `import cleaner` (or reading `cleaner.__version__`) stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._native import version as _version

__version__ = _version()
__all__ = ["Config", "DocumentTimeout", "InputError", "Result", "__version__", "clean", "clean_file"]

if TYPE_CHECKING:
    from .api import Result, clean, clean_file
    from .config import Config
    from .reading import InputError
    from .limits import DocumentTimeout

_LAZY = {"clean": "api", "clean_file": "api", "Result": "api", "Config": "config",
         "InputError": "reading", "DocumentTimeout": "limits"}


def __getattr__(name: str) -> Any:
    """Import the public names on first access (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
