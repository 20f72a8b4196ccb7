"""Walking composed YAML nodes and collecting problems, shared by every validator of the
package's files (the directory, the topic layer).

A `Checker` reads a value of the kind it expects (a string, a mapping, a list…) from a node,
records a `Problem` with the file, line and field path where it is not, and goes on, so that
one run reports every problem of a file (up to a limit), not only the first. Strings are
checked against the characters no field may hold (`rules.FORBIDDEN_RE`) and the length every
field is held to.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

import yaml

from sse_channels.errors import Problem
from sse_channels.l10n import N_  # problems keep English; output.plain.problem_text translates them

from .rules import FORBIDDEN_RE, FORBIDDEN_TEXT, MAX_PROBLEMS, MAX_TEXT, MORE_PROBLEMS

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = {
    _STR,
    _MAP,
    _SEQ,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
UNKNOWN_VALUE = N_("unknown value {value}; allowed: {allowed}")
_TAG_NAMES = {
    "tag:yaml.org,2002:int": N_("an integer"),
    "tag:yaml.org,2002:float": N_("a number"),
    "tag:yaml.org,2002:bool": N_("a boolean"),
    "tag:yaml.org,2002:null": N_("null"),
    "tag:yaml.org,2002:timestamp": N_("a date"),
    _MAP: N_("a mapping"),
    _SEQ: N_("a list"),
    _STR: N_("a string"),
}


E = TypeVar("E", bound=Enum)
T = TypeVar("T")


MAX_NUMBER = 40  # characters of a number echoed in a message
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)", re.ASCII)
MAX_TAG = 120  # characters of a YAML tag echoed in a message


@dataclass
class Checker:
    """Walks composed YAML nodes, collecting problems instead of stopping at the first."""

    file: str
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)
    _alias_lines: Iterator[int] | None = None  # read once, front to back
    unlisted: int = 0  # problems found beyond MAX_PROBLEMS

    def problem(self, node: yaml.Node | None, path: str, message: str, **args: object) -> None:
        """Record a problem; with `args`, `message` is a template (N_) filled with them, and
        the record keeps both so that the message can be said in any language."""
        line = node.start_mark.line + 1 if node is not None else None
        if not args:
            self.add(Problem(self.file, line, path, message))
            return
        params = tuple((k, str(v)) for k, v in args.items())
        filled = message.format(**dict(params))
        self.add(Problem(self.file, line, path, filled, message, params))

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.unlisted += 1

    def more(self) -> list[Problem]:
        """One last problem saying that more were found than are listed, if so."""
        return [Problem(self.file, None, "", MORE_PROBLEMS)] if self.unlisted else []

    def visit(self, node: yaml.Node, path: str) -> bool:
        """Refuse aliases (a node seen twice) and foreign tags; True if the node may be read."""
        if id(node) in self._seen:
            if len(self.problems) >= MAX_PROBLEMS:  # not listed: no need to find its line
                self.unlisted += 1
                return False
            line = self._next_alias_line()
            if line is None:
                self.problem(node, path, N_("YAML anchors and aliases are not supported"))
            else:
                self.add(
                    Problem(self.file, line, path, N_("YAML anchors and aliases are not supported"))
                )
            return False
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, path, N_("YAML tag {tag} is not allowed"), tag=kind(node))
            return False
        return True

    def _next_alias_line(self) -> int | None:
        """The line of the next `*alias` (a composed node keeps only its anchor's place)."""
        if self._alias_lines is None:
            self._alias_lines = _alias_lines(self.text)
        return next(self._alias_lines, None)

    def mapping(
        self, node: yaml.Node, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node] | None:
        if not self.visit(node, path):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, N_("expected a mapping, got {kind}"), kind=kind(node))
            return None
        out: dict[str, yaml.Node] = {}
        allowed = required + optional
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != _STR:
                self.problem(key_node, path, N_("keys must be plain strings"))
                continue
            where = f"{path}.{key}" if path else key
            if key in out:
                self.problem(key_node, where, N_("duplicate key"))
            elif key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                names = ", ".join(allowed)
                if hint:
                    tmpl = N_("unknown key (did you mean {hint}?); allowed: {allowed}")
                    self.problem(key_node, where, tmpl, hint=repr(hint[0]), allowed=names)
                else:
                    self.problem(
                        key_node, where, N_("unknown key; allowed: {allowed}"), allowed=names
                    )
            else:
                out[key] = value
        for key in required:
            if key not in out:
                where = f"{path}.{key}" if path else key
                self.problem(node, where, N_("missing required key"))
        return out

    def sequence(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        if not self.visit(node, path):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, N_("expected a list, got {kind}"), kind=kind(node))
            return []
        return list(node.value)

    def string(
        self,
        node: yaml.Node,
        path: str,
        pattern: re.Pattern[str] | None = None,
        what: str = "",
        allow_empty: bool = False,
    ) -> str | None:
        if not self.visit(node, path):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            tmpl = N_("expected a string, got {kind}")
            if isinstance(node, yaml.ScalarNode):
                tmpl = N_("expected a string, got {kind} (quote it)")
            self.problem(node, path, tmpl, kind=kind(node))
            return None
        value: str = node.value
        if not FORBIDDEN_RE.sub("", value).strip() and not allow_empty:
            self.problem(node, path, N_("must not be empty"))
            return None
        if len(value) > MAX_TEXT:
            self.problem(
                node,
                path,
                N_("too long ({n} characters; the limit is {limit})"),
                n=len(value),
                limit=MAX_TEXT,
            )
            return None
        if FORBIDDEN_RE.search(value):
            self.problem(node, path, FORBIDDEN_TEXT)
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.problem(
                node,
                path,
                N_("malformed {what}: {value}"),
                what=what or N_("value"),
                value=repr(value),
            )
            return None
        return value

    def schema(self, node: yaml.Node, supported: int) -> None:
        """The file's `schema` version is the one this version reads."""
        version = self.integer(node, "schema")
        if version is not None and version != supported:
            self.problem(
                node,
                "schema",
                N_("unsupported schema {version}; this version reads {supported}"),
                version=version,
                supported=supported,
            )

    def integer(
        self, node: yaml.Node, path: str, minimum: int = 0, maximum: int | None = None
    ) -> int | None:
        if not self.visit(node, path):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            self.problem(node, path, N_("expected an integer, got {kind}"), kind=kind(node))
            return None
        if len(node.value) > MAX_NUMBER:  # no field needs it; echoed whole it floods the screen
            self.problem(
                node, path, N_("too long for a number ({n} characters)"), n=len(node.value)
            )
            return None
        if not _DECIMAL.fullmatch(node.value):  # YAML 1.1 hex, octal, binary, base 60, 1_000
            self.problem(
                node,
                path,
                N_("expected a plain decimal integer, got {value}"),
                value=repr(node.value),
            )
            return None
        value = int(node.value)
        if value < minimum:
            self.problem(node, path, N_("must be at least {n}"), n=minimum)
            return None
        if maximum is not None and value > maximum:
            self.problem(node, path, N_("must be at most {n}"), n=maximum)
            return None
        return value

    def boolean(self, node: yaml.Node, path: str) -> bool | None:
        if not self.visit(node, path):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.problem(node, path, N_("expected true or false, got {kind}"), kind=kind(node))
            return None
        return bool(node.value.lower() in ("true", "yes", "on"))

    def enum(self, node: yaml.Node, path: str, enum: type[E]) -> E | None:
        value = self.string(node, path)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(e.value) for e in enum)
            self.problem(node, path, UNKNOWN_VALUE, value=repr(value), allowed=allowed)
            return None

    def strings(self, node: yaml.Node, path: str) -> tuple[str, ...]:
        items = (self.string(n, f"{path}[{i}]") for i, n in enumerate(self.sequence(node, path)))
        return tuple(s for s in items if s is not None)

    def items(
        self, node: yaml.Node, path: str, read: Callable[[yaml.Node, str], T | None]
    ) -> tuple[T, ...]:
        out = (read(n, f"{path}[{i}]") for i, n in enumerate(self.sequence(node, path)))
        return tuple(x for x in out if x is not None)


def kind(node: yaml.Node) -> str:
    tag = repr(node.tag)
    return _TAG_NAMES.get(node.tag, tag if len(tag) <= MAX_TAG else f"{tag[:MAX_TAG]}…")


def _alias_lines(text: str) -> Iterator[int]:
    """The lines of the `*alias` tokens in `text`, front to back, scanned only as far as asked."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for t in yaml.scan(text, Loader=loader):
            if isinstance(t, yaml.AliasToken):
                yield t.start_mark.line + 1
    except yaml.YAMLError:
        return
