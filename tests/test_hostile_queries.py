"""Hostile queries and options: every case ends with a result (exit 0), "nothing found" (exit 1)
or a usage error (exit 2), a clear message on stderr, no traceback, and nothing from the input
reaching the terminal as an escape sequence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .support import ALLOWED_ESC, FORBIDDEN, OSC8, assert_clean, fast_run

LONG_ASCII = "a" * 10_000
LONG_CJK = "".join(chr(0x4E00 + i) for i in range(5_000))  # 5,000 distinct CJK characters

COMMANDS = {
    "search": ["search", "--"],
    "show": ["show", "--"],
    "dial": ["dial", "--at", "2026-11-26T10:00", "--"],
    "hours": ["hours", "--at", "2026-11-26T10:00", "--"],
    "due": ["due", "--from", "2026-11-26", "--"],
    "open": ["open", "--print", "--"],
}

ALL_2 = dict.fromkeys(COMMANDS, 2)  # usage error: the query is empty
ALL_1 = dict.fromkeys(COMMANDS, 1)  # nothing found
ALL_0 = dict.fromkeys(COMMANDS, 0)  # a result
# Queries whose best hit has a link but no phone line (dial gives the line of its area: 0) and no
# response time (due: 1).
NO_PHONE = {**ALL_0, "due": 1}

# (id, query, expected exit code per command)
HOSTILE: list[tuple[str, str, dict[str, int]]] = [
    ("empty", "", ALL_2),
    ("spaces", "   ", ALL_2),
    ("tabs-newlines", "\t\n \r\n", ALL_2),
    ("fullwidth-spaces-only", "\u3000\u3000", ALL_2),
    ("nul-only", "\x00", ALL_2),
    ("zero-width-only", "\u200b\u200b", ALL_2),
    ("bidi-only", "\u202e\u202d\u2066", ALL_2),
    ("long-ascii-10000", LONG_ASCII, ALL_1),
    ("long-cjk-5000", LONG_CJK, ALL_1),
    ("long-cjk-5000-same", "债" * 5_000, ALL_1),
    ("long-words-5000", "债券 " * 2_500, ALL_0),
    ("c0-controls", "\x00\x01\x07\x08债券\x7f", ALL_0),
    ("esc-csi-colour", "\x1b[31m债券\x1b[0m", ALL_0),
    ("esc-clear-screen", "\x1b[2J\x1b[H债券", ALL_0),
    ("esc-osc8-link", "\x1b]8;;http://evil.example/\x1b\\债券\x1b]8;;\x1b\\", ALL_1),
    ("esc-title", "\x1b]0;pwned\x07", ALL_1),
    ("c1-csi", "\x9b31m债券", ALL_0),
    ("zero-width-inside", "\u200b债\u200b券", ALL_0),
    ("bidi-override", "\u202e债券", ALL_0),
    ("bidi-isolate", "\u2067债券\u2069", ALL_0),
    ("line-separator", "债券\u2028\u2029", ALL_0),
    ("fullwidth", "\u3000债券\u3000ＲＥＩＴｓ", {**ALL_0, "due": 1}),  # dial: the bond line
    ("emoji", "📞😀", ALL_1),
    ("emoji-zwj", "👨\u200d👩\u200d👧", ALL_1),
    ("rich-markup", "[red]x[/red]", ALL_1),
    ("rich-markup-link", "[link=http://evil.example]债券[/link]", NO_PHONE),
    ("shell-metachars", "$(touch PWNED); `id` | rm -rf / && echo > x * ~ ' \"", ALL_1),
    ("option-json", "--json", ALL_1),
    ("option-help", "--help", ALL_1),
    ("option-short", "-n", ALL_1),
    ("option-dash", "-", ALL_1),
    ("rtl-arabic", "مرحبا", ALL_1),
    ("combining-marks", "e\u0301" * 50, ALL_1),
    ("noncharacters", "\ufffd\uffff", ALL_1),
]


NOT_SURE = (
    "not sure this is the right desk; if in doubt, call Investor service hotline"
    " · 投资者服务热线 4008888400 → 1\n"
)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    ("query", "expected"), [(q, e) for _, q, e in HOSTILE], ids=[i for i, _, _ in HOSTILE]
)
def test_hostile_query(command, query, expected):
    code, out, err = fast_run(*COMMANDS[command], query)
    assert code == expected[command], (code, out[:200], err[:200])
    assert_clean(out, err)
    if code == 0:
        assert out.strip()
        # Escapes around a word leave a guess: said in plain words, with the general line.
        assert err in ("", NOT_SURE)
    else:
        assert err.strip(), "a failure must say why on stderr"
    if code == 2:
        assert out == ""
        assert err.startswith("error: the query is empty")
    assert not Path("PWNED").exists()  # the shell-metacharacter query is never run
    if expected is ALL_1:
        assert err.startswith("error: nothing found for ")
        assert len(err.splitlines()[0]) < 200  # the echo of a 10,000-character query is cut


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    "query", ["\u200b债\u200b券", "\u3000债券\u3000", "\u202e债券", "债\u00ad券"]
)
def test_invisible_characters_do_not_change_the_answer(command, query):
    assert fast_run(*COMMANDS[command], query) == fast_run(*COMMANDS[command], "债券")


@pytest.mark.parametrize("command", ["search", "show", "hours", "dial"])
@pytest.mark.parametrize(
    "query",
    [
        "\x1b]8;;http://evil.example/\x1b\\债券",
        "债券\x1b[2J\x1b[H",
        "\u202e债券",
        "[link=http://evil.example]债券[/link]",
        "[bold red]债券",
    ],
    ids=["osc8", "clear-screen", "bidi", "markup-link", "markup-style"],
)
def test_hostile_query_with_forced_colour(run, command, query):
    code, out, err = run("--color", "always", *COMMANDS[command], query)
    assert code in (0, 1)
    assert "Traceback" not in out + err
    rest = ALLOWED_ESC.sub("", out + err)
    assert not FORBIDDEN.findall(rest), repr(rest[:300])
    assert "evil.example" not in "".join(re.findall(OSC8, out + err))


@pytest.mark.parametrize(
    "args",
    [
        ["search", "-\u202e"],
        ["search", "--\u202elimit"],
        ["--\u202e", "search", "x"],
        ["\u202esearch", "x"],
        ["search", "-\x1b[31m"],
        ["--color", "\u202e\x1b[2J", "search", "x"],
    ],
    ids=["short-option-bidi", "long-option-bidi", "global-option-bidi", "command-bidi",
         "short-option-esc", "color-value"],
)  # fmt: skip
def test_usage_errors_do_not_echo_control_characters(run, args):
    """Without `--` an option-like query is a usage error; its echo must be as clean as ours."""
    code, out, err = run(*args)
    assert code == 2
    assert err.strip()
    assert_clean(out, err)


# =========================================================================== data files
