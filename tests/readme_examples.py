"""The commands both READMEs show, run as a reader would run them. Not a test module:
tests/test_readme_examples.py asserts with it. `python tests/readme_examples.py` prints each
example whose output has changed, as the tool prints it now; `--write` puts that output into the
README where the example shows whole output (an excerpt with `…` is left for a hand edit).

A ```console block is announced by a comment on the line before it, so the test knows what
screen it shows: `<!-- shown: piped -->` (what a pipe or a file receives) or
`<!-- shown: terminal, 100 columns -->` (what a terminal that wide shows, without colour). In
the shown output a line holding only `…` stands for any number of lines, and `…` inside a line
for part of that line; everything else must be exactly what the tool prints, stdout and stderr
as a terminal interleaves them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import socket
import sys
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READMES = {"en": REPO / "README.md", "zh": REPO / "README.zh-CN.md"}
PROG = "sse-channels"

# What "now" is for every example: the instant the READMEs' own `--at` examples use.
NOW = dt.datetime(2026, 11, 26, 10, 0)

_MARK = re.compile(r"<!-- shown: (piped|terminal, (\d+) columns) -->")
_FENCE = re.compile(r"^```(\w*)\s*$")
_INLINE = re.compile(r"`(sse-channels(?: [^`]*)?)`")
OPENED: list[str] = []  # what `open` handed to the browser, which never opens


@dataclass(frozen=True)
class Example:
    """One `$ sse-channels …` line of a console block and the lines shown under it."""

    readme: str  # "en" or "zh"
    line: int  # 1-based line of the command in its README
    command: str  # as shown, without the `$ ` prompt
    shown: tuple[str, ...]
    columns: int | None  # None: piped

    @property
    def name(self) -> str:
        return f"{self.readme}:{self.line}:{self.command}"


@dataclass(frozen=True)
class Mention:
    """A command a README names without showing its output: in the table, prose or a
    ```sh block."""

    readme: str
    line: int
    command: str


@dataclass
class Blocks:
    examples: list[Example] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)  # console blocks without a mark


def read(readme: str) -> Blocks:
    """Every example and every other mention of a command in one README."""
    lines = READMES[readme].read_text(encoding="utf-8").splitlines()
    found = Blocks()
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            for m in _INLINE.finditer(lines[i].replace("\\|", "|")):
                found.mentions.append(Mention(readme, i + 1, m[1]))
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        body = lines[i + 1 : end]
        if fence[1] == "console":
            mark = _MARK.fullmatch(lines[i - 1].strip()) if i else None
            if mark is None:
                found.unmarked.append(f"{readme}:{i + 1}")
            columns = int(mark[2]) if mark and mark[2] else None
            found.examples += _examples(readme, i + 1, body, columns)
        elif fence[1] == "sh":
            for k, text in enumerate(body):
                for part in text.split("&&"):
                    part = part.split("   #")[0].strip()
                    if part.startswith(PROG):
                        found.mentions.append(Mention(readme, i + 2 + k, part))
        i = end + 1
    return found


def _examples(readme: str, first: int, body: list[str], columns: int | None) -> list[Example]:
    out: list[Example] = []
    for k, text in enumerate(body):
        if text.startswith("$ "):
            out.append(Example(readme, first + 1 + k, text[2:], (), columns))
        elif out:
            last = out[-1]
            out[-1] = Example(last.readme, last.line, last.command, (*last.shown, text), columns)
    return out


# --------------------------------------------------------------------------- matching


def pattern(shown: tuple[str, ...]) -> re.Pattern[str]:
    """The shown lines as a pattern of the whole output: a line `…` is any number of lines,
    `…` within a line any non-empty part of it."""
    parts = []
    for text in shown:
        if text.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = [re.escape(p) for p in text.split("…")]
            parts.append(r"[^\n]+?".join(pieces) + r"\n")
    return re.compile("".join(parts))


def matches(shown: tuple[str, ...], output: str) -> bool:
    return pattern(shown).fullmatch(output) is not None


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Result:
    code: int
    output: str  # stdout and stderr as a terminal interleaves them, after the shell's filters


def split_command(command: str) -> tuple[list[str], list[list[str]]]:
    """The tool's arguments and the shell filters after it (`| grep tech`)."""
    stages = [shlex.split(s, comments=True) for s in command.split(" | ")]
    args = stages[0]
    assert args[0] == PROG, command
    return args[1:], stages[1:]


def apply_filter(stage: list[str], text: str) -> str:
    """The few filters the READMEs pipe into: grep [-A N] WORD, cut -f LIST, head -N."""
    lines = text.splitlines()
    if stage[0] == "grep":
        after = int(stage[2]) if stage[1] == "-A" else 0
        if stage[1].startswith("-A") and stage[1] != "-A":
            after = int(stage[1][2:])
        word = stage[-1]
        keep: list[str] = []
        until = -1
        for i, line in enumerate(lines):
            if word in line:
                until = i + after
            if i <= until:
                keep.append(line)
        lines = keep
    elif stage[0] == "cut":
        assert stage[1] == "-f", stage
        wanted = _fields(stage[2])
        lines = [
            "\t".join(c for n, c in enumerate(line.split("\t"), 1) if wanted(n)) for line in lines
        ]
    elif stage[0] == "head":
        lines = lines[: int(stage[1].lstrip("-n") or stage[2])]
    else:
        raise AssertionError(f"no stand-in for the filter {stage[0]!r}")
    return "".join(line + "\n" for line in lines)


def _fields(spec: str) -> Callable[[int], bool]:
    ranges = []
    for piece in spec.split(","):
        lo, _, hi = piece.partition("-")
        ranges.append((int(lo), int(hi) if hi else (10**9 if "-" in piece else int(lo))))
    return lambda n: any(lo <= n <= hi for lo, hi in ranges)


def workdir(folder: Path) -> None:
    """A folder like the repository's: `data/` as shipped, and the files the examples name
    (`my-channels.yaml`, `holidays-2027.yaml`) made by `prepare`."""
    (folder / "data").mkdir()
    for name in ("channels.yaml", "topics.yaml"):
        shutil.copy(REPO / "data" / name, folder / "data" / name)


@contextmanager
def fixed_world(columns: int | None) -> Iterator[None]:
    """Beijing time stands at NOW, no browser opens, no name resolves (the network is never
    used), and stdout and stderr are a terminal `columns` wide, or pipes."""
    from sse_channels import output
    from sse_channels.days import staffing
    from sse_channels.output import stdio

    saved = (staffing.now_beijing, stdio.is_tty, output._stderr_tty, socket.getaddrinfo)

    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    opened = webbrowser.open
    staffing.now_beijing = lambda: NOW.replace(tzinfo=staffing.BEIJING)
    stdio.is_tty = output._stderr_tty = lambda: columns is not None  # type: ignore[assignment]
    socket.getaddrinfo = no_dns  # type: ignore[assignment]
    webbrowser.open = lambda url, *a, **k: OPENED.append(url) is None  # type: ignore[assignment]
    try:
        yield
    finally:
        staffing.now_beijing, stdio.is_tty, output._stderr_tty, socket.getaddrinfo = saved
        webbrowser.open = opened


def run(command: str, *, lang: str, columns: int | None, cwd: Path) -> Result:
    """Run one command line of a README in `cwd`, as `lang`'s reader sees it."""
    from typer.testing import CliRunner

    from sse_channels.cli import click_text
    from sse_channels.cli.app import app

    args, filters = split_command(command)
    env = {"SSE_CHANNELS_LANG": lang, "COLUMNS": str(columns or 80), "NO_COLOR": "1"}
    here = os.getcwd()
    os.chdir(cwd)
    click_text.set_language(None)
    try:
        with fixed_world(columns):
            result = CliRunner().invoke(app, args, env=env, prog_name=PROG)
    finally:
        os.chdir(here)
        click_text.set_language(None)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    text = result.output
    if columns is not None:  # a terminal shows no trailing spaces
        text = "".join(line.rstrip(" ") + "\n" for line in text.splitlines())
    for stage in filters:
        text = apply_filter(stage, text)
    return Result(result.exit_code, text)


def main(argv: list[str]) -> int:
    """Print each shown example as the tool prints it today; with --write, put the output of
    every example that shows no `…` into the README in place of what it shows (an excerpt is
    left to be edited by hand from the printed output). Exit 1 while any example differs."""
    import tempfile

    from tests.test_readme_examples import prepare

    write, differs = "--write" in argv, 0
    for readme, path in READMES.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for ex in reversed(read(readme).examples):  # from the end: line numbers stay valid
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                workdir(folder)
                prepare(ex.command, folder)
                got = run(ex.command, lang=readme, columns=ex.columns, cwd=folder)
            if matches(ex.shown, got.output):
                continue
            excerpt = any("…" in x for x in ex.shown)
            if write and not excerpt:
                lines[ex.line : ex.line + len(ex.shown)] = got.output.splitlines()
                print(f"## {path.name}:{ex.line}: rewritten")
                continue
            differs += 1
            print(f"## {path.name}:{ex.line} differs (exit {got.code}); the tool prints:")
            print(f"$ {ex.command}\n{got.output}", end="")
        if write:
            path.write_text("\n".join(lines), encoding="utf-8")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main(sys.argv[1:]))
