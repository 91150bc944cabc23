"""Text strategies for hypothesis tests that mix listed characters with any others."""
from __future__ import annotations

from hypothesis import strategies as st


def texts(alphabet: st.SearchStrategy[str], min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Strings of characters drawn one by one from `alphabet` (a strategy of single
    characters, e.g. `st.sampled_from(listed) | st.characters()`): each branch of a union as
    often as the others. `st.text(alphabet=union)` almost never draws a listed character
    above Latin-1 (none of '•', '’' or U+202F in 1,500 examples), so a test of the listed
    cases would not see them."""
    return st.lists(alphabet, min_size=min_size, max_size=max_size).map("".join)
