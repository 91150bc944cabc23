"""The JSON text of a page's record is json.dumps's, byte for byte."""
from __future__ import annotations

import json
from collections import OrderedDict

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import _native
from cleaner.jsontext import COMPACT, SPACED, dumps
from textgen import texts

CHARACTERS = st.sampled_from("\"\\\n\r\t\b\f\x00\x01\x1f\x7f\u2028é中 ") | st.characters()
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**40), max_value=10**40)
           | st.floats() | texts(CHARACTERS, max_size=12))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(texts(CHARACTERS, max_size=6) | st.integers(), inner, max_size=4),
                      max_leaves=20)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(VALUES, st.sampled_from([SPACED, COMPACT]))
@example({"lines": [1, 2], "text": "a\ud800b"}, SPACED)
@example({True: 1, 1: 2}, SPACED)
@example([float("nan"), float("-inf"), -0.0, 1e16, 1e-7], COMPACT)
def test_dumps_is_json_dumps(value: object, separators: tuple[str, str]) -> None:
    assert dumps(value, separators) == json.dumps(value, ensure_ascii=False, separators=separators)


def test_the_plain_values_are_written_natively() -> None:
    plain = {"id": "7", "text": "Été\n\"x\"", "metadata": {"lines": [1, 2], "p": 0.25, "ok": True, "n": None}}
    assert _native.json_dumps(plain, *SPACED) == json.dumps(plain, ensure_ascii=False)
    # what only json writes is left to it: a subclass, a key not a string, a NaN, a lone surrogate
    for other in (OrderedDict(a=1), {1: 2}, [float("nan")], "\ud800", {"a": {"b": [set()]}}):
        assert _native.json_dumps(other, *SPACED) is None, other
