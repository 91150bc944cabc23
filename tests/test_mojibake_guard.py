"""The mojibake stage's shortcut: a block it skips is one ftfy would leave unchanged."""
from __future__ import annotations

from ftfy import fix_and_explain
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.stages.mojibake import CONFIG, may_need_fixing

# characters that drive ftfy's fixers, mixed into ordinary text
TRICKY = "&;éèàç’“”«»\u00a0\u202f\r\u2028\x1b\x85\x93\ufb01\u0301ÃÂ©â€™Å“\u200b\ufeffﬁ"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters() | st.sampled_from(TRICKY), max_size=60))
def test_a_skipped_block_is_one_ftfy_leaves_unchanged(text: str) -> None:
    if not may_need_fixing(text):
        assert fix_and_explain(text, CONFIG)[0] == text


def test_mojibake_and_clean_text_are_told_apart() -> None:
    assert may_need_fixing("Ã©tÃ© 2023")
    assert may_need_fixing("Tom &amp; Jerry")
    assert may_need_fixing("e\u0301te\u0301")  # decomposed accents: NFC composes them
    assert not may_need_fixing("L’été sera chaud, dit-il « vraiment ».")
    assert not may_need_fixing("Plain ASCII text, with punctuation!")
