"""Promises about the CLI as a whole: every command's help, its example, the README, JSON.

The commands are read from the Typer app itself, so a command added later is checked too.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import typer.main

from sse_channels.cli.app import app

from .conftest import DATA, REPO

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
SECTIONS = ("Arguments:", "Options:", "Commands:")

# Typer >= 0.20 vendors Click, so the group is checked by what it has, not by its class.
GROUP = typer.main.get_command(app)
assert hasattr(GROUP, "commands"), GROUP
COMMANDS = sorted(GROUP.commands)


def test_the_expected_commands_are_registered() -> None:
    assert set(COMMANDS) >= {
        "search", "show", "list", "dial", "hours", "due", "open", "export", "validate",
    }  # fmt: skip


def _help(run, name: str | None) -> str:
    code, out, err = run(*([name] if name else []), "--help")
    assert (code, err) == (0, "")
    return out


def _description(help_text: str) -> list[str]:
    """The lines between `Usage:` and the first section (Arguments, Options, Commands)."""
    lines = help_text.splitlines()
    assert lines[0].startswith("Usage: sse-channels")
    out = []
    for line in lines[1:]:
        if line.strip() in SECTIONS:
            break
        if line.strip():
            out.append(line.strip())
    return out


def _example(help_text: str) -> list[str]:
    """The example's arguments (without the program name)."""
    examples = [x for x in _description(help_text) if x.startswith("Example: sse-channels")]
    assert len(examples) == 1, help_text
    words = shlex.split(examples[0].removeprefix("Example:"))
    assert words[0] == "sse-channels"
    return words[1:]


@pytest.mark.parametrize("name", [None, *COMMANDS], ids=["(root)", *COMMANDS])
def test_help_speaks_the_language_with_an_example(run, name: str | None) -> None:
    code, zh, err = run("--lang", "zh", *([name] if name else []), "--help")
    assert (code, err) == (0, "")
    zh_lines = [x for x in zh.splitlines()[1:] if x.strip()]
    assert zh.startswith("用法：sse-channels") and CJK.search(zh_lines[0]), zh
    text = _help(run, name)
    description = _description(text)
    assert not any(CJK.search(x) for x in description if "sse-channels" not in x), text
    english = [
        x
        for x in description
        if not CJK.search(x) and not x.startswith("Example:") and len(ENGLISH_WORD.findall(x)) >= 3
    ]
    assert english, text
    assert any(x.startswith("Example: sse-channels") for x in description), text
    if name is not None:
        assert text.splitlines()[0].startswith(f"Usage: sse-channels {name} ")


@pytest.mark.parametrize("name", [None, *COMMANDS], ids=["(root)", *COMMANDS])
def test_help_names_values_not_python_types(run, name: str | None) -> None:
    text = _help(run, name)
    assert not re.search(r"<(str|int|list\[str\]|int range)>|\{[A-Z]+\}", text), text


def test_argument_help_and_usage_read_like_a_command_line(run) -> None:
    text = _help(run, "search")
    assert text.splitlines()[0] == "Usage: sse-channels search [OPTIONS] QUERY..."
    assert re.search(r"^  QUERY +Words to look for", text, re.M), text
    assert re.search(r"^  -n, --limit N +Results to show", text, re.M), text
    assert _help(run, "hours").splitlines()[0] == "Usage: sse-channels hours [OPTIONS] [QUERY]..."


def test_a_value_out_of_range_says_the_range(run) -> None:
    code, out, err = run("search", "-n", "0", "债券")
    assert (code, out) == (2, "")
    assert (
        err.splitlines()[-1] == "Error: Invalid value for '--limit' / '-n': 0 is out of range:"
        " it must be at least 1."
    )


@pytest.mark.parametrize("name", [None, *COMMANDS], ids=["(root)", *COMMANDS])
def test_help_example_runs(
    run, name: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every help example works as printed: the browser is a stand-in that records the link,
    and a file the example writes lands in a temporary folder."""
    import webbrowser

    args = _example(_help(run, name))
    if args[:1] == ["check-links"]:
        pytest.skip("the example fetches every link; test_linkcheck.py uses a local server")
    if args[:1] == ["diff"]:
        pytest.skip("the example names an edited file; test_dirdiff.py makes one")
    if args[:1] == ["serve"]:
        pytest.skip("the example runs until stopped; test_web_server.py starts a real server")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    if {"-o", "--output"} & set(args):
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(REPO)  # e.g. `validate data/channels.yaml` names a repository path
    code, out, err = run(*args)
    assert code == 0, (args, code, err)
    assert out.strip() or list(tmp_path.iterdir()), args
    if args[:1] == ["open"] and "--print" not in args:
        assert opened == [out.strip()]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`{name}" in readme


JSON_COMMANDS = [
    ["search", "债券", "--json"],
    ["show", "廉政监督", "--json"],
    ["list", "--json"],
    ["dial", "债券", "--at", "2026-11-26T10:00", "--json"],
    ["hours", "--at", "2026-11-26T10:00", "--json"],
    ["due", "申报前", "--from", "2026-09-28", "--json"],
]


def test_json_commands_cover_every_read_command() -> None:
    have_json = {
        name
        for name, cmd in GROUP.commands.items()
        if any("--json" in getattr(p, "opts", ()) for p in cmd.params)
    }
    # check-links and diff are not read commands; their JSON is tested in their own files.
    assert have_json - {"check-links", "diff"} == {argv[0] for argv in JSON_COMMANDS}


@pytest.mark.parametrize("argv", JSON_COMMANDS, ids=[a[0] for a in JSON_COMMANDS])
def test_json_is_valid_and_utf8(run, argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    value = json.loads(out)
    assert value
    assert "\\u" not in out  # ensure_ascii off: no escaped characters
    assert CJK.search(out)  # Chinese characters literally present
    assert out == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_readme_validate_example_points_at_the_real_line(run, tmp_path) -> None:
    """The README shows `validate` on the packaged file with one mailbox broken: same output."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = next(x for x in readme.splitlines() if x.startswith("my-channels.yaml:"))
    broken = tmp_path / "my-channels.yaml"
    text = DATA.read_text(encoding="utf-8").replace(
        "address: gzrx@sse.com.cn", "address: gzrx-at-sse"
    )
    broken.write_text(text, encoding="utf-8")
    code, out, _ = run("validate", str(broken))
    assert code == 1
    assert out == f"{tmp_path}/{shown}\n"


def test_the_readme_links_the_chinese_one_from_its_first_line_with_the_same_set_up() -> None:
    english = (REPO / "README.md").read_text(encoding="utf-8")
    chinese = (REPO / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "(README.zh-CN.md)" in english.splitlines()[0]
    setup = re.findall(r"```sh\n(python3 -m venv .*)\n```", english)
    assert len(setup) == 2
    assert re.findall(r"```sh\n(python3 -m venv .*)\n```", chinese) == setup
