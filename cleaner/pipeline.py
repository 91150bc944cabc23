"""Ordered, named stages; what each needs is checked when the pipeline is built."""
from __future__ import annotations

from typing import ClassVar

from .config import Config
from .document import Document
from .patterns import Patterns, load_patterns
from .stages import ORDER, load_all
from .stage import Stage, check_rule

DEFAULT_ORDER = ORDER  # the order stages run in: `cleaner.stages.ORDER`


class PipelineError(ValueError):
    """The pipeline cannot be built as asked (unknown stage, unmet requirement)."""


class Pipeline:
    """Runs its stages, in order, over a Document; it logs under its own name, `pipeline`,
    and only its declared `rules`, as stages do."""

    name: ClassVar[str] = "pipeline"
    rules: ClassVar[dict[str, str]] = {"empty_output": "no text left once the stages ran (every block removed, or none read)"}

    def __init__(self, stages: list[Stage], disabled: tuple[str, ...] = ()) -> None:
        self.stages = stages
        self.disabled = disabled

    @property
    def names(self) -> list[str]:
        """Names of the stages that will run."""
        return [s.name for s in self.stages]

    def run(self, doc: Document) -> Document:
        """Apply every stage that applies to `doc`'s format; return `doc`. A page left with
        no text gets a `pipeline:empty_output` warning (a user should know why a file is empty)."""
        for stage in self.stages:
            if stage.applies_to(doc):
                stage.run(doc)
        if not any(b.kept and b.text.strip() for b in doc.blocks):  # `doc.body_blocks()` is empty
            read = sum(1 for b in doc.blocks if b.text.strip())
            rule = check_rule(self.name, self.rules, "empty_output")
            doc.warn(self.name, rule, f"no text left: {read} block(s) read, "
                     + ("all removed (see the changes)" if read else "none with text"))
        return doc


def build_pipeline(config: Config | None = None, patterns: Patterns | None = None) -> Pipeline:
    """Build the default pipeline less `config.disable`, checking every stage's needs."""
    config = config or Config()
    registry = load_all()
    unknown = [n for n in (*config.disable, *config.options) if n not in registry]
    if unknown:
        raise PipelineError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(DEFAULT_ORDER)}")
    patterns = patterns or load_patterns(config.languages)
    stages: list[Stage] = []
    available: set[str] = set()
    for name in DEFAULT_ORDER:
        if name in config.disable:
            continue
        cls = registry[name]
        missing = cls.requires - available
        if missing:
            raise PipelineError(
                f"stage {name!r} needs {', '.join(sorted(missing))}, which no enabled stage before it "
                f"provides (disabled: {', '.join(config.disable) or 'none'})")
        stages.append(cls(patterns, **config.options.get(name, {})))
        available |= cls.provides
    return Pipeline(stages, tuple(config.disable))
