"""Odd terminals and colour settings, narrow widths, and the machine's time zone: the answer
stays the same and nothing unasked-for reaches the screen."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from sse_channels.output import stdio

from .support import EXE, OSC8, SGR, TAB, child_env

# --------------------------------------------------------------------------- terminals


NARROW = [
    ("term-dumb", {"TERM": "dumb"}),
    ("columns-20", {"COLUMNS": "20", "TERM": "xterm-256color"}),
    ("dumb-and-20", {"TERM": "dumb", "COLUMNS": "20"}),
]
VIEWS = [
    ("overview", []),
    ("search", ["search", "债券"]),
    ("show", ["show", "bond-review.phone"]),
    ("show-area", ["show", "integrity"]),
    ("hours", ["hours", "--at", "2026-11-26T10:00"]),
    ("dial", ["dial", "--at", "2026-11-26T10:00", "债券"]),
    ("list", ["list"]),
]


@pytest.mark.parametrize("view", [v for _, v in VIEWS], ids=[i for i, _ in VIEWS])
@pytest.mark.parametrize("env", [e for _, e in NARROW], ids=[i for i, _ in NARROW])
def test_odd_terminals_with_forced_colour(run, env, view):
    code, out, err = run("--color", "always", *view, env=env)
    assert (code, err) == (0, "")
    assert out.strip()
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--color", "never"], {}), ([], {"NO_COLOR": "1"})],
    ids=["color-never", "no-color-env"],
)
@pytest.mark.parametrize("view", [v for _, v in VIEWS], ids=[i for i, _ in VIEWS])
def test_no_colour_on_a_terminal_means_no_escape_at_all(run, monkeypatch, args, env, view):
    """Not just no colour: no bold, no dim, no OSC 8 link either."""
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    terminal = {"TERM": "xterm-256color", "TTY_COMPATIBLE": "1"}  # Rich: treat it as a tty
    code, out, err = run(*args, *view, env={**terminal, **env})
    assert (code, err) == (0, "")
    assert "\x1b" not in out
    assert out.strip()


def test_a_terminal_without_no_color_does_get_colour_and_links(run, monkeypatch):
    """The other side of the test above: the same set-up is styled when nothing forbids it."""
    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, _ = run("search", "债券", env={"TERM": "xterm-256color", "TTY_COMPATIBLE": "1"})
    assert code == 0
    assert re.search(SGR, out) and re.search(OSC8, out)


def test_color_always_wins_over_no_color(run):
    code, out, _ = run("--color", "always", "search", "债券", env={"NO_COLOR": "1"})
    assert code == 0
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", out)  # a foreground colour, not just bold


def _visible(text: str) -> str:
    return re.sub(f"{SGR}|{OSC8}", "", text)


@pytest.mark.parametrize("env", [e for _, e in NARROW], ids=[i for i, _ in NARROW])
def test_plain_line_views_keep_whole_lines_when_narrow(run, env):
    code, out, _ = run("--color", "always", "dial", "--at", "2026-11-26T10:00", "债券", env=env)
    assert code == 0
    assert "4008888400 → 6 → 1959" in _visible(out).splitlines()
    code, out, _ = run("--color", "always", "list", env=env)
    assert "listed-co.independent-directors" in [x.split(TAB)[0] for x in out.splitlines()]


def test_search_table_keeps_the_number_on_a_20_column_terminal(run):
    """Folded over several lines is fine; cropped away is not."""
    env = {"COLUMNS": "20", "TERM": "xterm-256color"}
    code, out, _ = run("--color", "always", "search", "债券", "-n", "1", env=env)
    assert code == 0
    shown = _visible(out)
    for digit in "0123456789":
        assert shown.count(digit) >= "4008888400 6 1959".count(digit), shown


# --------------------------------------------------------------------------- time zones


def _hours_json(tz: str, at: str, cache_dir: Path) -> dict:
    proc = subprocess.run(
        [EXE, "hours", "--at", at, "--json"],
        env=child_env(TZ=tz, SSE_CHANNELS_CACHE_DIR=str(cache_dir)),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, "")
    return json.loads(proc.stdout)


def test_machine_time_zone_does_not_matter(pristine):
    folder, _ = pristine
    beijing = _hours_json("Asia/Shanghai", "2026-11-26T10:00", folder)
    new_york = _hours_json("America/New_York", "2026-11-26T10:00", folder)
    utc_instant = _hours_json("America/New_York", "2026-11-26T02:00Z", folder)
    ipo = next(x for x in beijing["lines"] if x["id"] == "ipo-review.phone")
    assert ipo["open"] is True
    assert ipo["next_change"] == "2026-11-26T11:30:00+08:00"
    assert new_york == beijing
    assert utc_instant == beijing
