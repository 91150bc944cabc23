"""Marks of other renderers in text dumps: lynx's link numbers and link list, markdown (`dumpmarkup`)."""
from __future__ import annotations

import textwrap

from cleaner import Config, clean

ARTICLE = ("The river that runs through the old town rose by almost two metres during the night, "
           "and by morning the lower streets near the market were under water up to the doors.")


def lynx_dump(targets: int = 4) -> str:
    """A page as `lynx -dump` prints it: numbered links, then the list of their targets."""
    links = " ".join(f"[{n}]Section{n}" for n in range(1, targets))
    refs = "\n".join(f"  {n:>2}. https://example.org/page{n}" for n in range(1, targets + 1))
    return f"   {links}\n\n{ARTICLE} See the [{targets}]map of the town.\n\nReferences\n\n{refs}\n"


def test_lynx_link_numbers_and_list_of_targets_go() -> None:
    result = clean(lynx_dump())
    assert "https://" not in result.text and "[1]" not in result.text
    assert "See the map of the town." in result.text
    removed = [r for r in result.metadata["removed"] if r["rule"] == "references"]
    assert len(removed) == 5 and {r["kind"] for r in removed} == {"junk"}
    assert all(f["rule"] == "link_numbers" for f in result.metadata["fixes"] if f["stage"] == "dumpmarkup")


def test_an_articles_own_reference_list_stays() -> None:
    """Numbered URLs under "References" that nothing in the text calls by number are the article's."""
    text = (f"{ARTICLE}\n\nReferences\n\n1. https://example.org/a\n2. https://example.org/b\n"
            "3. https://example.org/c\n")
    result = clean(text)
    assert "https://example.org/b" in result.text
    assert not [r for r in result.metadata["removed"] if r["stage"] == "dumpmarkup"]


def test_bracketed_numbers_without_a_list_of_targets_stay() -> None:
    text = f"{ARTICLE} As the report says[2], the town was warned.\n"
    assert "says[2]" in clean(text).text


def test_markdown_marks_go_and_their_text_stays() -> None:
    text = (f"# The river rose by two metres\n\n{ARTICLE} Said the [mayor](https://example.org/mayor) "
            "to **reporters** on _Friday morning_.\n\n![A flooded street](https://example.org/a.jpg)\n\n"
            f"## What comes next\n\n{ARTICLE}\n")
    result = clean(text)
    assert "Said the mayor to reporters on Friday morning." in result.text
    assert "](" not in result.text and "**" not in result.text and "flooded street" not in result.text
    assert "What comes next" in result.text.split("\n\n")
    rules = {f["rule"] for f in result.metadata["fixes"] if f["stage"] == "dumpmarkup"}
    assert rules == {"headings", "links", "images", "emphasis"}


def test_code_comments_and_dunders_are_no_markdown() -> None:
    code = "def main():\n    # check if the file exists\n    return 0\n\nif __name__ == \"__main__\":\n    main()\n"
    text = f"{ARTICLE}\n\n{code}"
    assert clean(text).text == clean(text, config=Config(disable=("dumpmarkup",))).text



def test_a_link_address_html2text_wrapped_after_a_hyphen_goes_whole() -> None:
    """html2text wraps at 78 columns after a hyphen, inside an address too: once the lines are
    joined the address holds "- ", and still goes with the rest of the link's marks."""
    link = "[map of the town](https://example.org/maps/the-old-town-and-its-flooded-streets-in-2024.html)"
    paragraph = f"{ARTICLE} See the {link} and {ARTICLE.lower()}"
    wrapped = "\n\n".join(textwrap.fill(paragraph, 78, break_on_hyphens=True) for _ in range(3))
    assert "-\n" in wrapped.split("](")[1].split(")")[0]  # the address is cut after a hyphen
    result = clean(wrapped + "\n")
    assert "See the map of the town and the river" in result.text
    assert "example.org" not in result.text and "flooded" not in result.text
