"""One safe way to read YAML into nodes: bounded nesting, clear syntax errors, no objects built.

`compose` returns the node tree (every value keeps its line; a tag can build nothing). Nesting
is bounded before composing: the pure-Python composer recurses once per level, so 500 nested
`[` would end in a RecursionError. A syntax error names where the broken construct opens
(PyYAML's context mark) as well as where parsing stopped.
"""

from __future__ import annotations

import yaml

from sse_channels.errors import DataError, Problem

from .rules import MAX_DEPTH, MAX_PROBLEMS, MORE_PROBLEMS

ALIASES = "YAML anchors and aliases are not supported"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def compose(text: str, file: str, *, loader: type | None = None) -> yaml.Node | None:
    """The YAML node tree of `text`; DataError (with lines) for bad syntax or deep nesting."""
    use = loader or _LOADER
    try:
        _check_depth(text, file, use)
        return yaml.compose(text, Loader=use)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, file)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(file, None, "", f"YAML error: {exc}")]) from None


def _check_depth(text: str, file: str, loader: type) -> None:
    depth = 0
    aliases: list[int | None] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            aliases.append(event.start_mark.line + 1 if event.start_mark is not None else None)
            if len(aliases) > MAX_PROBLEMS:  # never composed: a million aliases of one node
                problems = [Problem(file, n, "", ALIASES) for n in aliases[:MAX_PROBLEMS]]
                raise DataError([*problems, Problem(file, None, "", MORE_PROBLEMS)])
        elif isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line = mark.line + 1 if mark is not None else None
                raise DataError([Problem(file, line, "", f"nested deeper than {MAX_DEPTH} levels")])
        elif isinstance(event, _CLOSE):
            depth -= 1


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    stop, opened = exc.problem_mark, exc.context_mark
    line = stop.line + 1 if stop is not None else (opened.line + 1 if opened else None)
    what = " ".join(x for x in (exc.context, exc.problem) if x)
    if opened is not None and (stop is None or opened.line != stop.line):
        what += f" (the construct opened on line {opened.line + 1})"
    return Problem(file, line, "", f"YAML syntax error: {what}")
