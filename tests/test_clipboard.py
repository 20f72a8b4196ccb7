"""--copy: OSC 52 to a terminal (a pty here), else a clipboard tool (a fake one on PATH)."""

from __future__ import annotations

import os
import pty
import shutil
from pathlib import Path

import pytest

from sse_channels.handoff.clipboard import Copied, copy, osc52


def test_osc52_sequences() -> None:
    assert osc52("4008888400", {}) == "\x1b]52;c;NDAwODg4ODQwMA==\x07"
    assert osc52("a", {"TMUX": "1"}) == "\x1bPtmux;\x1b\x1b]52;c;YQ==\x07\x1b\\"
    assert osc52("a", {"TERM": "screen-256color"}) == "\x1bP\x1b]52;c;YQ==\x07\x1b\\"


def test_osc52_is_written_to_a_terminal() -> None:
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as tty:
        assert copy("a", tty=tty, env={"TERM": "xterm"}) == Copied("osc52")
    assert os.read(leader, 100) == b"\x1b]52;c;YQ==\x07"
    os.close(leader)


def test_a_tool_on_path_without_a_terminal(tmp_path: Path) -> None:
    got = tmp_path / "got"
    tool = tmp_path / "xclip"
    tool.write_text(f'#!/bin/sh\necho "$@" > {got}.args\ncat > {got}\n')
    tool.chmod(0o755)
    assert copy("4008888400,6,1959", tty=None, env={"PATH": str(tmp_path)}) == Copied("xclip")
    assert got.read_text() == "4008888400,6,1959"
    assert Path(f"{got}.args").read_text() == "-selection clipboard\n"


def test_nothing_to_copy_with_says_why(tmp_path: Path) -> None:
    assert copy("x", tty=None, env={"PATH": str(tmp_path)}) == Copied(
        "", "no terminal for OSC 52 and no clipboard tool (wl-copy, xclip, xsel…)"
    )


def test_dial_copy_with_a_tool(run, tmp_path: Path) -> None:
    got = tmp_path / "got"
    tool = tmp_path / "pbcopy"
    tool.write_text(f"#!/bin/sh\nexec {shutil.which('cat')} > {got}\n")
    tool.chmod(0o755)
    code, _, err = run("dial", "债券", "--copy", env={"PATH": str(tmp_path), "TERM": "dumb"})
    assert (code, err) == (0, "copied +864008888400,6,1959 (pbcopy)\n")
    assert got.read_text() == "+864008888400,6,1959"


@pytest.mark.parametrize(
    ("args", "copied"),
    [
        (["search", "债券", "邮箱"], "bondsse@sse.com.cn"),
        (["search", "债券"], "+864008888400,6,1959"),
        (["show", "integrity.email"], "ljcyjd@sse.com.cn"),
        (["show", "integrity"], "+864008888400,6,1284"),
    ],
)
def test_search_and_show_copy_the_best_contact(run, tmp_path: Path, args, copied) -> None:
    got = tmp_path / "got"
    tool = tmp_path / "pbcopy"
    tool.write_text(f"#!/bin/sh\nexec {shutil.which('cat')} > {got}\n")
    tool.chmod(0o755)
    code, out, err = run(*args, "--copy", env={"PATH": str(tmp_path), "TERM": "dumb"})
    assert (code, err) == (0, f"copied {copied} (pbcopy)\n")
    assert got.read_text() == copied
    assert out.strip()  # the answer is still printed


def test_a_failing_tool_is_said_in_chinese(run, tmp_path: Path) -> None:
    tool = tmp_path / "xclip"
    tool.write_text("#!/bin/sh\nexit 3\n")
    tool.chmod(0o755)
    env = {"PATH": str(tmp_path), "TERM": "dumb"}
    code, _, err = run("--lang", "zh", "dial", "债券", "--copy", env=env)
    assert (code, err) == (0, "未复制：xclip 运行失败，退出状态为 3\n")
    code, _, err = run("--lang", "en", "dial", "债券", "--copy", env=env)
    assert (code, err) == (0, "not copied: xclip failed with exit status 3\n")


def test_without_a_clipboard_chinese_says_why_in_chinese(run, tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "TERM": "dumb"}
    code, _, err = run("--lang", "zh", "dial", "债券", "--copy", env=env)
    assert (code, err) == (
        0,
        "未复制：不在终端中运行，无法使用 OSC 52；也未找到剪贴板工具（wl-copy、xclip、xsel 等）\n",
    )
