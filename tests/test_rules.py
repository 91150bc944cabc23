"""Declared rules and drop kinds: every change goes through a rule its stage declares, no rule
name is built at run time, a drop carries its kind, and no stage (nor the text model) decides
by the name of another stage."""
from __future__ import annotations

import ast
import gzip
import json
import tomllib
from pathlib import Path

import pytest

import cleaner
from cleaner.api import clean
from cleaner.document import COMMENT, DROP, DROP_KINDS, EDIT, JUNK, METADATA, Block, Document, Source
from cleaner.htmlmode.prune import DOM_RULES
from cleaner.htmlmode.rules import MARKUP_FILE
from cleaner.patterns import load_patterns
from cleaner.pipeline import DEFAULT_ORDER, Pipeline
from cleaner.stage import Stage, UndeclaredRule, check_rule
from cleaner.stages import load_all
from cleaner.stages.chrome import ChromeStage
from cleaner.stages.layout import LayoutStage
from cleaner.stages.teaser import TeaserStage
from seeds import GOLDEN

PACKAGE = Path(cleaner.__file__).resolve().parent
PAGES = Path(__file__).resolve().parent / "fixtures" / "scrapinghub" / "pages"
REGISTRY = load_all()
DOM_RULE_NAMES = {rule for rule, _, _ in DOM_RULES.values()} | {"not_extracted"}  # html drops of no block


def declared(stage: str, rule: str) -> bool:
    """Whether `stage:rule` is a rule its stage (or the pipeline) declares."""
    rules = Pipeline.rules if stage == Pipeline.name else REGISTRY[stage].rules if stage in REGISTRY else {}
    return rule in rules


def undeclared_entries(sidecar: dict) -> list[str]:
    """The sidecar's change entries whose rule is not declared, or whose drop kind is not the
    one its rule declares (or `metadata`, for a line that gave metadata: `gave` says what)."""
    wrong = [f"{e['stage']}:{e['rule']}" for part in ("removed", "fixes", "warnings")
             for e in sidecar[part] if not declared(e["stage"], e["rule"])]
    wrong += [f"{e['stage']}:{e['rule']} kind {e.get('kind')!r}" for e in sidecar["removed"]
              if declared(e["stage"], e["rule"])
              and e.get("kind") != getattr(REGISTRY.get(e["stage"]), "drop_kinds", {}).get(e["rule"])
              and not (e.get("kind") == METADATA and e.get("gave"))]
    wrong += [f"{e['stage']}:{e['rule']} gave {e['gave']!r} kind {e.get('kind')!r}" for e in sidecar["removed"]
              if e.get("gave") and e.get("kind") != METADATA]
    return wrong


def doc_of(*lines: str) -> Document:
    """A text document of one block per line."""
    return Document(raw="\n".join(lines), source=Source(format="text"),
                    blocks=[Block(i, t, t, (i + 1, i + 1)) for i, t in enumerate(lines)])


# ---- declarations -------------------------------------------------------------------

@pytest.mark.parametrize("name", DEFAULT_ORDER)
def test_every_stage_declares_its_rules_kinds_and_option_meanings(name: str) -> None:
    cls = REGISTRY[name]
    assert cls.declaration_problems() == []
    assert set(cls.drop_kinds) <= set(cls.rules) and set(cls.drop_kinds.values()) <= set(DROP_KINDS)


def test_declaration_problems_are_found() -> None:
    class Sloppy(Stage):
        name = "sloppy"
        options = {"depth": 3}
        rules = {"gone": "dropped"}
        drop_kinds = {"gone": "rubbish", "other": JUNK}

    problems = " | ".join(Sloppy.declaration_problems())
    assert "option 'depth' has no description" in problems
    assert "unknown drop kind 'rubbish'" in problems and "undeclared rule 'other'" in problems


def test_drop_edit_and_warn_refuse_an_undeclared_rule() -> None:
    stage = ChromeStage(load_patterns())
    doc = doc_of("Recherche", "A line")
    with pytest.raises(UndeclaredRule, match="chrome: rule 'nav' is not declared; declared: items, menu, contents"):
        stage.drop(doc, doc.blocks[0], "nav", "why")
    with pytest.raises(UndeclaredRule, match="'nav'"):
        stage.edit(doc, doc.blocks[0], "other", "nav")
    with pytest.raises(UndeclaredRule, match="'nav'"):
        stage.warn(doc, "nav", "why")
    with pytest.raises(UndeclaredRule, match="'nav'"):
        stage.drop_text(doc, "text", "nav", "why")
    assert doc.changes == [] and all(b.kept and b.text == b.original for b in doc.blocks)
    stage.drop(doc, doc.blocks[0], "items", "why")
    assert doc.changes[0].label == "chrome:items" and doc.changes[0].drop_kind == JUNK


def test_a_rule_that_only_edits_cannot_drop() -> None:
    stage = TeaserStage(load_patterns())
    doc = doc_of("A line")
    with pytest.raises(UndeclaredRule, match="teaser: rule 'inline' drops but has no kind"):
        stage.drop(doc, doc.blocks[0], "inline", "why")
    stage.edit(doc, doc.blocks[0], "A line cut", "inline", "why")
    assert [c.kind for c in doc.changes] == [EDIT]


def test_the_pipeline_declares_its_rule() -> None:
    assert check_rule(Pipeline.name, Pipeline.rules, "empty_output") == "empty_output"
    with pytest.raises(UndeclaredRule, match="pipeline: rule 'empty' is not declared"):
        check_rule(Pipeline.name, Pipeline.rules, "empty")


def test_a_drop_needs_a_known_kind() -> None:
    doc = doc_of("A line")
    with pytest.raises(ValueError, match="unknown drop kind 'rubbish'"):
        doc.drop(doc.blocks[0], "test", "gone", kind="rubbish")
    assert doc.blocks[0].kept


def test_every_markup_kind_has_its_dom_rule() -> None:
    sections = set(tomllib.loads(MARKUP_FILE.read_text(encoding="utf-8"))) - {"ignore", "body", "prose_guard"}
    assert set(DOM_RULES) == sections | {"unextracted", "other_posts"}
    assert all(rule == f"dom_{kind}" for kind, (rule, _, _) in DOM_RULES.items())  # the names users know
    assert DOM_RULE_NAMES <= set(REGISTRY["html"].rules)


# ---- no rule name built at run time -----------------------------------------------------

RULE_ARG = {"drop": 2, "drop_text": 2, "edit": 3, "warn": 1}  # position of `rule` in Stage's helpers


def built_rule_names(tree: ast.AST) -> list[str]:
    """Calls of `drop`/`drop_text`/`edit`/`warn` on a stage whose rule argument is built (an
    f-string, a join, a concatenation) rather than a literal or a name bound to one."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RULE_ARG
                and isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "stage")):
            pos = RULE_ARG[node.func.attr]
            arg = node.args[pos] if len(node.args) > pos else next(
                (k.value for k in node.keywords if k.arg == "rule"), None)
            if isinstance(arg, (ast.JoinedStr, ast.BinOp, ast.Call, ast.BoolOp)):
                found.append(f"line {node.lineno}: {ast.unparse(arg)}")
    return found


def direct_logging(tree: ast.AST) -> list[str]:
    """Changes made past the checked helpers: `Change(...)` built, or a Document's own
    drop/edit/warn called (on a name `doc`)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Change":
            found.append(f"line {node.lineno}: Change(...)")
        elif (isinstance(func, ast.Attribute) and func.attr in RULE_ARG and isinstance(func.value, ast.Name)
              and func.value.id == "doc"):
            found.append(f"line {node.lineno}: doc.{func.attr}(...)")
    return found


def test_the_checks_on_logging_calls_can_fail() -> None:
    tree = ast.parse('self.drop(doc, b, "+".join(k), "r")\nself.edit(doc, b, t, f"dom_{k}")\n'
                     'self.warn(doc, "ok", "r")\ndoc.drop(b, "html", "x", kind=JUNK)\nChange(DROP, "a", "b", "")\n')
    assert built_rule_names(tree) == ["line 1: '+'.join(k)", "line 2: f'dom_{k}'"]
    assert direct_logging(tree) == ["line 4: doc.drop(...)", "line 5: Change(...)"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_rule_name_is_built_and_no_change_bypasses_the_declared_rules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert built_rule_names(tree) == []
    if path.name not in ("document.py", "stage.py", "pipeline.py"):  # the checked helpers themselves
        assert direct_logging(tree) == []


# ---- no stage or model names another stage ---------------------------------------------

# "language", "html" name capabilities and formats there, "title" an attribute in __slots__
NOT_STAGES = ("requires", "provides", "formats", "__slots__")


def other_stage_names(tree: ast.AST, own: str | None, names: set[str]) -> list[str]:
    """Where the code decides by another stage's name: a string equal to a stage name (not
    `own`) compared with something or listed in a set, tuple or list (except declared
    capabilities, attribute names and a comparison with an input `format`), and any read of a
    change's `.stage`."""
    others = names - {own}
    skip: set[int] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in NOT_STAGES for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
        elif isinstance(node, ast.Compare):
            if any(isinstance(o, ast.Attribute) and o.attr == "format" for o in (node.left, *node.comparators)):
                skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Attribute) and node.attr == "stage":
            found.append(f"line {node.lineno}: reads .stage")
        elif isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                found += [f"line {node.lineno}: compares with {c.value!r}" for c in ast.walk(operand)
                          if isinstance(c, ast.Constant) and c.value in others]
        elif isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            found += [f"line {node.lineno}: lists {c.value!r}" for c in node.elts
                      if isinstance(c, ast.Constant) and c.value in others]
    return sorted(set(found))


def test_the_stage_name_check_can_fail() -> None:
    names = set(DEFAULT_ORDER)
    old_layout = 'x = block.dropped is not None and block.dropped.stage not in {"title", "byline", "html"}'
    assert other_stage_names(ast.parse(old_layout), "layout", names) == [
        "line 1: compares with 'byline'", "line 1: compares with 'html'", "line 1: compares with 'title'",
        "line 1: lists 'byline'", "line 1: lists 'html'", "line 1: lists 'title'", "line 1: reads .stage"]
    old_cue = 'cue = 1.0 if name == "comments" else 0.0\nSEEN = ("comments", "teaser")'
    assert other_stage_names(ast.parse(old_cue), None, names) == [
        "line 1: compares with 'comments'", "line 2: lists 'comments'", "line 2: lists 'teaser'"]
    fine = ('formats = frozenset({"html"})\nif doc.source.format == "html": pass\n'
            'requires = frozenset({"language"})\n__slots__ = ("title", "text")')
    assert other_stage_names(ast.parse(fine), "segment", names) == []
    assert other_stage_names(ast.parse('ok = kind == "html"'), "html", names) == []


@pytest.mark.parametrize("path", [*sorted((PACKAGE / "stages").glob("*.py")), *sorted((PACKAGE / "textmode").glob("*.py"))],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_stage_or_model_decides_by_another_stages_name(path: Path) -> None:
    if path.name == "__init__.py" and path.parent.name == "stages":
        assert "ORDER" in path.read_text(encoding="utf-8")  # the one list of every stage, by design
        return
    own = path.stem if path.parent.name == "stages" else None
    assert other_stage_names(ast.parse(path.read_text(encoding="utf-8")), own, set(DEFAULT_ORDER)) == []


# ---- the kinds select the drops the stage names selected -----------------------------

def block_drop_rules(before: str, kind: str) -> set[str]:
    """`stage:rule` of every rule dropping blocks as `kind`, in the stages before `before`."""
    return {f"{name}:{rule}" for name in DEFAULT_ORDER[:DEFAULT_ORDER.index(before)]
            for rule, k in REGISTRY[name].drop_kinds.items()
            if k == kind and not (name == "html" and rule in DOM_RULE_NAMES)}  # the pre-pass drops no block


def test_metadata_drops_before_layout_are_exactly_those_of_html_byline_and_title() -> None:
    expected = {f"{name}:{rule}" for name in ("html", "byline", "title") for rule in REGISTRY[name].drop_kinds
                if not (name == "html" and rule in DOM_RULE_NAMES)}
    assert block_drop_rules("layout", METADATA) == expected
    assert not {rule for name in DEFAULT_ORDER for rule, k in REGISTRY[name].drop_kinds.items()
                if k == METADATA and rule in DOM_RULE_NAMES}


def test_comment_drops_before_the_text_model_are_exactly_those_of_comments() -> None:
    assert block_drop_rules("mainregion", COMMENT) == {f"comments:{r}" for r in REGISTRY["comments"].drop_kinds}


def test_layout_treats_a_metadata_drop_as_no_junk() -> None:
    layout = LayoutStage(load_patterns())
    for kind, stranded in ((METADATA, False), (JUNK, True), (COMMENT, True)):
        doc = doc_of("Above", "Short line here", "Below")
        doc.drop(doc.blocks[0], "probe", "gone", kind=kind)
        doc.drop(doc.blocks[2], "probe", "gone", kind=kind)
        layout.run(doc)
        assert (not doc.blocks[1].kept) is stranded, kind


# ---- what the outputs carry ----------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(p for p in GOLDEN.glob("*.json") if p.stem != "reasons"), ids=lambda p: p.stem)
def test_every_rule_in_the_golden_files_is_declared(path: Path) -> None:
    sidecar = json.loads(path.read_text(encoding="utf-8"))
    assert sidecar["removed"], "a seed page with nothing removed checks nothing"
    assert undeclared_entries(sidecar) == []


def test_the_golden_check_can_fail() -> None:
    sidecar = {"removed": [{"stage": "byline", "rule": "author+date", "kind": METADATA},
                           {"stage": "chrome", "rule": "items", "kind": COMMENT},
                           {"stage": "chrome", "rule": "items", "kind": METADATA},
                           {"stage": "chrome", "rule": "items", "kind": METADATA, "gave": ["author"]}],
               "fixes": [{"stage": "mojibake", "rule": "fix_encoding+normalization"}],
               "warnings": [{"stage": "pipeline", "rule": "empty_output"}]}
    assert undeclared_entries(sidecar) == ["byline:author+date", "mojibake:fix_encoding+normalization",
                                           "chrome:items kind 'comment'", "chrome:items kind 'metadata'"]


PAGE_FILES = sorted(PAGES.iterdir())


def test_the_benchmark_pages_are_there_in_both_modes() -> None:
    assert {p.name.split(".", 1)[1] for p in PAGE_FILES} == {"html.gz", "txt"} and len(PAGE_FILES) >= 6


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name[:12] + p.suffix)
def test_every_change_on_benchmark_pages_is_declared_with_its_kind(path: Path) -> None:
    data = path.read_bytes()
    result = clean(gzip.decompress(data) if path.suffix == ".gz" else data, source=path.name)
    assert result.document.removed, "a page with nothing removed checks nothing"
    assert undeclared_entries(result.metadata) == []
    for change in result.document.changes:
        assert declared(change.stage, change.rule) and (change.kind == DROP) == bool(change.drop_kind)
