"""What the validator refuses so that nothing downstream has to cope: invisible characters of
every kind, more aliases than problems worth listing, routes longer than a QR code holds."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from sse_channels.directory.rules import FORBIDDEN_RE
from sse_channels.errors import UsageError
from sse_channels.handoff import qr

from .conftest import DATA

MAX_PROBLEMS = 100  # listed before "more problems were found"

NAME = "    name_zh: 廉政监督邮箱"


def _with_line(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = DATA.read_text("utf-8")
    assert text.count(old + "\n") == 1
    text = text.replace(old + "\n", new + "\n")
    path = tmp_path / "channels.yaml"
    path.write_text(text, "utf-8")
    line = text.splitlines().index(new) + 1
    return path, line


@pytest.mark.parametrize(
    "char",
    ["\u034f", "\u3164", "\uffa0", "\u115f", "\u1160", "\ufff9", "\U000e0041", "\ufe0f", "\u17b4"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_characters_that_draw_nothing_are_refused(run, tmp_path, char):
    path, line = _with_line(tmp_path, NAME, f'    name_zh: "廉政{char}监督邮箱"')
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert (
        f"{path}:{line}: channels[62].name_zh: "
        "control, invisible or bidi characters are not allowed\n" in out
    )


def test_every_format_character_is_refused():
    """Unicode category Cf as this Python knows it: none may slip through the rule."""
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not FORBIDDEN_RE.fullmatch(chr(c))
    ]
    assert missing == []


def test_a_flood_of_aliases_lists_a_bounded_number_of_problems(run, tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("schema: &s 1\nareas: [" + "*s," * 50_000 + "]\n", "utf-8")
    code, out, err = run("validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"{path}:2: YAML anchors and aliases are not supported"
    assert lines[-1] == (
        f"{path}: more problems were found; fix these and validate again to see the rest"
    )
    assert err == f"{MAX_PROBLEMS + 1} problem(s) in {path}\n"


def test_a_route_longer_than_any_desk_uses_is_refused(run, tmp_path):
    steps = ", ".join(['"6"'] * 500)
    path, line = _with_line(
        tmp_path, '          - steps: ["6", "1959"]', f"          - steps: [{steps}]"
    )
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert (
        f"{path}:{line}: channels[11].contacts[0].routes[0].steps: 500 steps; the limit is 12\n"
        in out
    )


def test_a_link_too_long_for_a_qr_code_is_a_clear_error():
    uri = "tel:+864008888400" + ",6" * 1500
    with pytest.raises(UsageError) as info:
        qr.code(uri)
    assert str(info.value) == (
        f"the link is too long for a QR code ({len(uri)} characters); dial the sequence instead"
    )


def test_a_long_yaml_tag_is_not_echoed_whole(run, tmp_path):
    tag = "!" + "x" * 5000
    path, line = _with_line(tmp_path, NAME, f"    name_zh: {tag} a")
    code, out, _ = run("validate", str(path))
    assert code == 1
    shown = repr(tag)[:120]
    assert out == f"{path}:{line}: channels[62].name_zh: YAML tag {shown}… is not allowed\n"
