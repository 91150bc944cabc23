"""Hard-wrapped dumps: the wrap width is found and paragraphs are rebuilt (`unwrap` stage)."""
from __future__ import annotations

import textwrap

import pytest

from cleaner import Config, clean
from hypothesis import given, settings
from hypothesis import strategies as st

import wrapref
from cleaner import _native
from cleaner.document import Block
from cleaner.stages.segment import segment_lines
from cleaner.wrapping import MAX_WIDTH, OVERFLOW_SHARE, display_width, paragraph_runs, too_wide, wrap_plan, wrap_width
from seeds import NAMES, SEEDS
from textgen import texts

PARAGRAPHS = [
    "The river that runs through the old town rose by almost two metres during the night, "
    "and by morning the lower streets near the market were under water up to the doors.",
    "Residents who had been warned on Friday moved their cars to higher ground, but many shops "
    "on the quay could not empty their cellars in time, the mayor said at a press conference.",
    "Engineers expect the level to fall slowly over the weekend if the rain stops as forecast, "
    "though a second wave from the mountains could arrive on Monday and fill the basins again.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact us"]


def wrapped(paragraphs: list[str], width: int) -> str:
    """Paragraphs as a dump wraps them: lines cut at `width`, a blank line between."""
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


def lines_of(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of `text` with their numbers, as `wrapping` is given them."""
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def texts_of(rows: list[tuple[int, str]]) -> list[str]:
    """Each line's text as `wrapping` reads it (no indentation, no trailing white space)."""
    return [measured[1] for measured in _native.wrap_lines([raw for _, raw in rows])]


@pytest.mark.parametrize("width", [60, 72, 79, 100])
def test_the_wrap_width_is_found(width: int) -> None:
    text = wrapped(PARAGRAPHS * 2, width)
    found = wrap_width(lines_of(text))
    assert found is not None and width - 3 <= found <= width


def test_unwrapped_text_has_no_width() -> None:
    text = "\n\n".join(PARAGRAPHS * 3) + "\n" + "\n".join(MENU) + "\n"
    assert wrap_width(lines_of(text)) is None


def test_lines_long_for_an_address_that_cannot_be_cut_do_not_hide_the_width() -> None:
    """lynx ends a page with the numbered list of its link addresses, html2text writes links as
    [text](address): neither can be cut, so their lines pass the width the prose was wrapped at."""
    refs = "\n".join(f"{n:>4}. https://example.org/{n}/a-long-address-of-the-kind-a-site-makes/with?query=1"
                      for n in range(1, 12))
    text = wrapped(PARAGRAPHS * 2, 79) + "\nReferences\n\n" + refs + "\n"
    assert wrap_width(lines_of(text)) in (77, 78, 79)
    markdown = wrapped(PARAGRAPHS * 2, 78) + "\n".join(
        f"  * [Section {n}](https://example.org/section-{n}/the-index-page-of-the-section.html)" for n in range(12))
    assert wrap_width(lines_of(markdown)) in (76, 77, 78)


def test_list_items_and_table_rows_left_long_do_not_hide_the_width() -> None:
    """html2text wraps paragraphs at 78 columns but leaves list items and table rows whole."""
    items = "\n".join(f"  * {p}" for p in PARAGRAPHS) + "\n" + "\n".join(f"{n} | {p[:60]} | {p[60:120]}" for n, p in
                                                                     enumerate(PARAGRAPHS * 2))
    text = wrapped(PARAGRAPHS * 2, 78) + "\n" + items + "\n"
    assert wrap_width(lines_of(text)) in (76, 77, 78)


def test_a_wrapped_page_comes_out_as_the_unwrapped_one() -> None:
    """The same page, wrapped at 79 columns or not, gives the same clean text."""
    page = "\n".join(MENU) + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nShare this article\n"
    result = clean(wrapped(PARAGRAPHS, 79).join(page.split("\n\n".join(PARAGRAPHS) + "\n")))
    assert result.text == clean(page).text
    assert result.metadata["extra"]["wrap_width"] <= 79


def test_a_joined_block_keeps_its_input_line_span() -> None:
    text = wrapped(PARAGRAPHS, 72)
    doc = clean(text).document
    spans = [b.lines for b in doc.blocks]
    assert len(spans) == len(PARAGRAPHS)
    first_lines = textwrap.wrap(PARAGRAPHS[0], 72)
    assert spans[0] == (1, len(first_lines))
    assert spans[1][0] == len(first_lines) + 2  # after the blank line


@pytest.mark.parametrize("name", NAMES)
def test_seed_dumps_are_left_as_they_are(name: str) -> None:
    """The seed pages are not wrapped: `unwrap` changes nothing on them."""
    raw = (SEEDS / "raw" / f"{name}.txt").read_bytes()
    assert clean(raw).text == clean(raw, config=Config(disable=("unwrap",))).text


@pytest.mark.parametrize("name", NAMES)
def test_seed_dumps_wrapped_at_80_columns_come_out_whole(name: str) -> None:
    """A seed page hard-wrapped as w3m would (at 79) gives every paragraph back whole."""
    raw = (SEEDS / "raw" / f"{name}.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    fill = "\n".join("\n".join(textwrap.wrap(line, 79, break_on_hyphens=False, break_long_words=False))
                     if len(line) > 79 else line for line in lines)
    assert clean(fill).text == clean(raw).text


def test_list_items_tables_and_short_lines_stay_apart() -> None:
    body = textwrap.fill(PARAGRAPHS[1], 70)
    items = "\n".join(textwrap.fill(p, 70, initial_indent="* ", subsequent_indent="  ") for p in PARAGRAPHS)
    table = "Name      Price     Stock\nApples    1.20      40"
    text = f"{body}\n{items}\n{table}\nHome\nNews\n"
    lines = lines_of(text)
    runs, read = paragraph_runs(lines, 70), texts_of(lines)
    texts = [wrapref.join([read[i] for i in run]) for run in runs]
    assert texts[0] == PARAGRAPHS[1]
    assert texts[1:4] == [f"* {p}" for p in PARAGRAPHS]
    assert texts[4:] == ["Name      Price     Stock", "Apples    1.20      40", "Home", "News"]


def test_a_dash_inside_a_sentence_is_no_list_item() -> None:
    text = ("Everything that happens in one country happens in the other one sooner or later, in\n"
            "- and the other way round, said the expert at the end of a long interview given on\n"
            "Friday.\n")
    lines = lines_of(text)
    assert [len(r) for r in paragraph_runs(lines, 84)] == [3]


def test_cjk_lines_join_without_a_space() -> None:
    sentence = "河水在夜里上涨了将近两米，到早上市场附近的低洼街道已经被淹没，居民们把汽车开到了高处。" * 4
    text = "\n".join(textwrap.wrap(sentence, 36)) + "\n"  # 36 characters = 72 columns
    lines = lines_of(text)
    width = wrap_width(lines)
    assert width == 72 and display_width(texts_of(lines)[0]) == 72
    runs = paragraph_runs(lines, width)
    assert len(runs) == 1 and _native.unwrap_blocks(Block, segment_lines(text), runs)[0].text == sentence


def test_a_wrapped_french_page_gets_no_false_warnings() -> None:
    """A guillemet split across two wrapped lines is not unpaired, and a sentence going on
    on the next line does not start lower-case: once unwrapped, neither is warned about."""
    paragraphs = [
        "Le président russe a déclaré lundi que les deux pays allaient signer un « partenariat "
        "stratégique global » lors de la visite, selon son conseiller diplomatique à Moscou.",
        "Les discussions officielles entre les deux dirigeants ont pris fin après plus de deux "
        "heures, a rapporté l'agence de presse, qui cite « une atmosphère très chaleureuse ».",
    ] * 3
    for width in range(40, 80):  # a width that splits a guillemet pair
        text = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in paragraphs) + "\n"
        lines = text.split("\n")
        if any(line.count("«") != line.count("»") for line in lines):
            break
    assert any(line.count("«") != line.count("»") for line in lines), "a guillemet pair split"
    assert any(line[:1].islower() for line in lines), "a line goes on with the sentence above"
    result = clean(text)
    assert result.metadata["warnings"] == []
    assert result.text == "\n\n".join(paragraphs)


# lines around MAX_WIDTH: prose, one unbreakable word, a table row, trailing spaces, short ones
WIDE_LINES = st.sampled_from(["word " * 60, "x" * 300, "a   b   " * 40, "word " * 49 + "w" + " " * 20, "- item " * 40,
                              "short line", "", "字" * 200, "word " * 51])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(WIDE_LINES, max_size=60))
def test_too_wide_counts_the_measurable_lines_past_the_widest_width(raws: list[str]) -> None:
    """`too_wide`, its long lines measured in one call, answers as measuring them one by one did."""
    wide = [raw for raw in raws if len(raw.rstrip()) > MAX_WIDTH and wrapref.read_lines([(0, raw)])[0].measurable]
    assert too_wide(raws) == (len(wide) > int(len(raws) * OVERFLOW_SHARE))


# the pieces of a dump: prose wrapped at some width, list items and their hanging lines, dashes
# going on with a sentence, tables, CJK, headings, links, indentation, blank lines between
DUMP_PIECES = st.sampled_from(PARAGRAPHS + MENU + [
    "河水在夜里上涨了将近两米，到早上市场附近的低洼街道已经被淹没。" * 3, "Name      Price     Stock",
    "* a list item that goes on for a while and then some more words after it", "- und umgekehrt, sagte er",
    "12. a numbered point of the list that is long enough to be wrapped as well", "[3] a link", "### A heading",
    "see https://example.org/a-long-address-of-the-kind-a-site-makes/with?query=1 for more", "", "\t", "a | b | c",
    "Österreich hat einen neuen Bundeskanzler gewählt, der am Montag vereidigt wurde, sagte der Sprecher.",
])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(DUMP_PIECES, max_size=14), st.integers(min_value=20, max_value=110), st.data())
def test_the_native_width_and_paragraphs_are_the_python_ones(pieces: list[str], width: int,
                                                             data: st.DataObject) -> None:
    """`wrap_width` and `paragraph_runs` (native) answer as the Python reading did (`wrapref`),
    on dumps wrapped at `width`, some lines indented, some pieces left unwrapped."""
    lines: list[str] = []
    for piece in pieces:
        indent = data.draw(st.sampled_from(["", "", "  ", "    ", "\u3000"]))
        wrap = data.draw(st.booleans())
        parts = textwrap.wrap(piece, width, break_on_hyphens=False) if wrap and piece.strip() else [piece]
        lines += [indent + part for part in parts] + ([""] if data.draw(st.booleans()) else [])
    rows = lines_of("\n".join(lines))
    read = wrapref.read_lines(rows)
    found = wrapref.wrap_width(read)
    assert wrap_width(rows) == found
    assert wrap_plan(rows) == (None if found is None else (found, wrapref.paragraph_runs(read, found)))
    for at in {width, width - 3, 79, 40}:
        assert paragraph_runs(rows, at) == wrapref.paragraph_runs(read, at), at


def test_the_native_limits_are_the_python_ones() -> None:
    assert (MAX_WIDTH, OVERFLOW_SHARE) == (wrapref.MAX_WIDTH, wrapref.OVERFLOW_SHARE)


RUN_LINES = texts(st.sampled_from(list("ab 中文。 ,")) | st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(RUN_LINES, min_size=1, max_size=12), st.lists(st.integers(1, 4), min_size=1, max_size=12))
def test_the_native_blocks_of_runs_are_the_stages_old_ones(lines: list[str], sizes: list[int]) -> None:
    dump = "\n".join(f"  - {line}" if n % 3 == 2 else line for n, line in enumerate(lines))
    ours, old = segment_lines(dump), segment_lines(dump)
    runs, at = [], 0
    for size in sizes:  # consecutive positions, as wrap_plan groups them
        if at < len(ours):
            runs.append(list(range(at, min(at + size, len(ours)))))
            at += size
    runs += [[pos] for pos in range(at, len(ours))]
    made = _native.unwrap_blocks(Block, ours, runs)
    assert [vars(b) for b in made] == [vars(b) for b in wrapref.merged(old, runs)]
    assert all(type(b) is Block for b in made)
