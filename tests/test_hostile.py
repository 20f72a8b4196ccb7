"""Hostile input: queries, data files and environments a user (or an attacker) can hand the tool.

Every case must end with a result (exit 0), "nothing found" (exit 1) or a usage error (exit 2),
a clear message on stderr, no traceback, and nothing from the input reaching the terminal as an
escape sequence.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sse_channels import cache, cli, cli_params, stdio, store

from .conftest import DATA

TAB = "\t"
EXE = str(Path(sys.executable).with_name("sse-channels"))

# C0 controls except \n and \t, DEL, C1 controls, and the bidi embedding/override/isolate marks.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(*texts: str) -> None:
    """No traceback, and no escape, control or bidi character anywhere in the output."""
    for text in texts:
        assert "Traceback" not in text, text
        bad = FORBIDDEN.findall(text)
        assert not bad, f"control characters reached the output: {bad!r} in {text[:300]!r}"


class FastRunner(CliRunner):
    """`run` with the Click command built once: Typer rebuilds it on every invoke (~10 ms).

    Same isolation and exit-code handling as `CliRunner.invoke(..., catch_exceptions=False)`:
    any exception other than SystemExit propagates and fails the test.
    """

    command = get_command(cli.app)

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        code = 0
        with self.isolation(env=env) as streams:
            try:
                self.command.main(args=list(args), prog_name="sse-channels")
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                out, err = streams[0].getvalue(), streams[1].getvalue()
        return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


fast_run = FastRunner()


def _clear_store_caches() -> None:
    """Forget what this process has loaded, so the next run reads the cache directory again."""
    for value in vars(store).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


# =========================================================================== queries and options

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
        assert err == ""
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


# The same hostile strings reach the terminal renderers when colour is forced: the only escape
# sequences allowed then are Rich's own SGR styles and OSC 8 links to the directory's own URLs.
_SGR = r"\x1b\[[0-9;]*m"
_OSC8 = r"\x1b\]8;(?:id=\d+)?;(?:(?:https?|mailto|tel):[^\x1b\x07]*)?\x1b\\"
ALLOWED_ESC = re.compile(f"{_SGR}|{_OSC8}")


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
    assert "evil.example" not in "".join(re.findall(_OSC8, out + err))


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


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line equal to `needle`."""
    hits = [i + 1 for i, x in enumerate(_lines(text)) if x == needle]
    return hits[nth - 1]


def _replace_line(text: str, old: str, new: str) -> str:
    lines = text.split("\n")
    i = lines.index(old)
    lines[i] = new
    return "\n".join(lines)


def _bad_syntax(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = _replace_line(DATA.read_text("utf-8"), "  - id: bond-review", "  - id: [bond-review")
    p = tmp / "syntax.yaml"
    p.write_text(text, "utf-8")
    n = _line_of(text, "  - id: [bond-review")
    return p, {n, n + 1}, "YAML syntax error"


def _tab_indent(tmp: Path) -> tuple[Path, set[int] | None, str]:
    old = "    name_zh: 债券审核监管"
    text = _replace_line(DATA.read_text("utf-8"), old, "\tname_zh: 债券审核监管")
    p = tmp / "tabs.yaml"
    p.write_text(text, "utf-8")
    n = _line_of(text, "\tname_zh: 债券审核监管")
    return p, {n, n - 1}, "YAML syntax error"


def _top_list(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "list.yaml"
    p.write_text("- schema: 1\n- areas: []\n", "utf-8")
    return p, {1}, "expected a mapping, got a list"


def _top_scalar(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "scalar.yaml"
    p.write_text("just a string\n", "utf-8")
    return p, {1}, "expected a mapping, got a string"


def _empty(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "empty.yaml"
    p.write_text("# nothing but a comment\n", "utf-8")
    return p, None, "the file is empty"


def _missing_field(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = DATA.read_text("utf-8").replace("    kind: rules\n", "", 1)
    p = tmp / "missing.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, "  - id: ipo-review.rules")}, "channels[0].kind: missing required key"


def _extra_field(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = DATA.read_text("utf-8").replace(
        "    kind: rules\n", "    kind: rules\n    colour: red\n", 1
    )
    p = tmp / "extra.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, "    colour: red")}, "channels[0].colour: unknown key"


def _mistyped_schema(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = _replace_line(DATA.read_text("utf-8"), "schema: 1", "schema: one")
    p = tmp / "mistyped.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, "schema: one")}, "schema: expected an integer, got a string"


def _mistyped_list(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = DATA.read_text("utf-8")
    old = next(x for x in _lines(text) if x.startswith("    aliases: [债券, 公司债"))
    text = _replace_line(text, old, "    aliases: 42")
    p = tmp / "mistyped-list.yaml"
    p.write_text(text, "utf-8")
    return (
        p,
        {_line_of(text, "    aliases: 42")},
        "areas[1].aliases: expected a list, got an integer",
    )


def _duplicate_id(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = _replace_line(
        DATA.read_text("utf-8"), "  - id: ipo-review.phone", "  - id: ipo-review.rules"
    )
    p = tmp / "dup-id.yaml"
    p.write_text(text, "utf-8")
    n = _line_of(text, "  - id: ipo-review.rules", nth=2)
    return p, {n}, "duplicate channel id 'ipo-review.rules'"


def _duplicate_key(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = DATA.read_text("utf-8").replace(
        "    kind: rules\n", "    kind: rules\n    kind: system\n", 1
    )
    p = tmp / "dup-key.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, "    kind: system")}, "channels[0].kind: duplicate key"


def _laughs_classic(tmp: Path) -> tuple[Path, set[int] | None, str]:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    p = tmp / "laughs.yaml"
    p.write_text("\n".join(lines) + "\n", "utf-8")
    return p, {1}, "unknown key"


def _laughs_in_data(tmp: Path) -> tuple[Path, set[int] | None, str]:
    """The bomb where the validator reads: the aliases of ten areas, each nine of the last."""
    lines = DATA.read_text("utf-8").split("\n")
    idx = [i for i, x in enumerate(lines) if x.startswith("    aliases: [")][:10]
    lines[idx[0]] = "    aliases: &l0 [" + ", ".join(["lol"] * 9) + "]"
    for n, i in enumerate(idx[1:], start=1):
        lines[i] = f"    aliases: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]"
    p = tmp / "laughs-in-data.yaml"
    p.write_text("\n".join(lines), "utf-8")
    return p, {i + 1 for i in idx}, "YAML anchors and aliases are not supported"


def _fifty_mb(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "huge.yaml"
    with p.open("wb") as f:
        f.write(DATA.read_bytes())
        f.write(b"# padding\n" * ((50_000_000 - f.tell()) // 10))
    assert p.stat().st_size >= 49_000_000
    return p, None, "too large"


def _gbk(tmp: Path) -> tuple[Path, set[int] | None, str]:
    text = DATA.read_text("utf-8")
    p = tmp / "gbk.yaml"
    p.write_bytes(text.encode("gbk", errors="replace"))
    first = next(i + 1 for i, x in enumerate(_lines(text)) if not x.isascii())
    return p, {first}, "not UTF-8"


def _directory(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "a-directory.yaml"
    p.mkdir()
    return p, None, "is a directory"


def _missing_path(tmp: Path) -> tuple[Path, set[int] | None, str]:
    return tmp / "no" / "such" / "file.yaml", None, "no such file"


def _python_tag(tmp: Path) -> tuple[Path, set[int] | None, str]:
    marker = tmp / "PWNED"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    text = _replace_line(DATA.read_text("utf-8"), "schema: 1", f"schema: {tag}")
    p = tmp / "pyobj.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, f"schema: {tag}")}, "is not allowed"


def _python_tag_in_record(tmp: Path) -> tuple[Path, set[int] | None, str]:
    marker = tmp / "PWNED"
    new = f'    name_zh: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]'
    text = _replace_line(DATA.read_text("utf-8"), "    name_zh: 廉政监督邮箱", new)
    p = tmp / "pyobj-record.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, new)}, "is not allowed"


def _escape_in_value(tmp: Path) -> tuple[Path, set[int] | None, str]:
    new = '    name_zh: "\\e[2J\\e]8;;http://evil.example/\\e\\\\廉政\\u202e邮箱"'
    text = _replace_line(DATA.read_text("utf-8"), "    name_zh: 廉政监督邮箱", new)
    p = tmp / "escape.yaml"
    p.write_text(text, "utf-8")
    return p, {_line_of(text, new)}, "control, invisible or bidi characters are not allowed"


def _deep_nesting(tmp: Path) -> tuple[Path, set[int] | None, str]:
    p = tmp / "deep.yaml"
    p.write_text("schema: 1\nareas: " + "[" * 100_000 + "\n", "utf-8")
    return p, {2}, "YAML syntax error"


DATA_CASES = {
    "yaml-syntax-error": _bad_syntax,
    "yaml-tab-indent": _tab_indent,
    "top-level-list": _top_list,
    "top-level-scalar": _top_scalar,
    "empty-document": _empty,
    "missing-field": _missing_field,
    "extra-field": _extra_field,
    "mistyped-field": _mistyped_schema,
    "mistyped-list-field": _mistyped_list,
    "duplicate-id": _duplicate_id,
    "duplicate-key": _duplicate_key,
    "billion-laughs": _laughs_classic,
    "billion-laughs-in-records": _laughs_in_data,
    "fifty-megabytes": _fifty_mb,
    "gbk-not-utf8": _gbk,
    "directory": _directory,
    "missing-path": _missing_path,
    "python-object-tag": _python_tag,
    "python-object-tag-in-record": _python_tag_in_record,
    "escape-sequence-in-value": _escape_in_value,
    "deep-nesting": _deep_nesting,
}


def _check_location(text: str, path: Path, lines: set[int] | None, message: str) -> None:
    assert str(path) in text
    assert message in text
    if lines is not None:
        found = {int(n) for n in re.findall(re.escape(str(path)) + r":(\d+):", text)}
        assert found & lines, f"expected a problem on line {sorted(lines)}, got {sorted(found)}"


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_bad_data_file_with_data_option(run, tmp_path, case):
    path, lines, message = DATA_CASES[case](tmp_path)
    code, out, err = run("--data", str(path), "search", "x")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}")
    _check_location(err, path, lines, message)
    assert_clean(out, err)
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_bad_data_file_with_validate(run, tmp_path, case):
    path, lines, message = DATA_CASES[case](tmp_path)
    code, out, err = run("validate", str(path))
    assert code == 1
    _check_location(out, path, lines, message)
    # One problem with the whole file (missing, empty, too large) is one message: no count.
    assert re.fullmatch(rf"(\d+ problem\(s\) in {re.escape(str(path))}\n)?", err)
    assert_clean(out, err)
    assert not (tmp_path / "PWNED").exists()


def test_endless_device_as_data_file_is_refused(run):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    code, out, err = run("--data", "/dev/zero", "search", "x")
    assert (code, out) == (1, "")
    assert err.startswith("error: /dev/zero: too large")


# =========================================================================== environment


def _regular_file(tmp_path: Path) -> Path:
    f = tmp_path / "a-file"
    f.write_text("not a directory", "utf-8")
    return f


def _cache_under_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(_regular_file(tmp_path) / "cache"))


def _cache_is_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(_regular_file(tmp_path)))


def _xdg_under_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(_regular_file(tmp_path) / "xdg"))


def _cache_under_dev_null(tmp_path, monkeypatch):
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", "/dev/null/sse-channels")


def _cache_slot_is_directory(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    (folder / "calendar.bin").mkdir(parents=True)
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(folder))


@pytest.mark.parametrize(
    "setup",
    [_cache_under_file, _cache_is_file, _xdg_under_file, _cache_under_dev_null,
     _cache_slot_is_directory],
    ids=["cache-dir-under-file", "cache-dir-is-file", "xdg-under-file", "under-dev-null",
         "cache-slot-is-directory"],
)  # fmt: skip
def test_unusable_cache_directory_still_answers(run, tmp_path, monkeypatch, setup):
    setup(tmp_path, monkeypatch)
    _clear_store_caches()
    code, out, err = run("--lang", "zh", "search", "廉政", "邮箱")
    assert (code, err) == (0, "")
    assert (
        out
        == TAB.join(["integrity.email", "廉政监督", "廉政监督邮箱", "ljcyjd@sse.com.cn", ""]) + "\n"
    )
    code, out, err = run("hours", "--at", "2026-11-26T10:00", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["lines"][0]["open"] is True


# --------------------------------------------------------------------------- damaged cache files

# The packaged directory ships compiled (prebuilt.py) and never touches the cache: a user's
# --data file (a copy of the packaged one) is what the directory slot of the cache holds.
USER_DATA = str(Path(__file__).resolve().parent.parent / "data" / "channels.yaml")
USER_SLOT = "user-" + cache.key_for(os.path.abspath(USER_DATA))[:8]
REFERENCE = {
    "search": ["--data", USER_DATA, "search", "廉政", "邮箱"],
    "show": ["--data", USER_DATA, "show", "tech.qq", "--json"],
    "hours": ["--data", USER_DATA, "hours", "--at", "2026-11-26T10:00", "--json"],
    "due": ["--data", USER_DATA, "due", "--from", "2026-09-30", "申报前"],
    "pinyin-typo": ["--data", USER_DATA, "search", "债卷"],
}
USER_TOPICS = str(Path(USER_DATA).with_name("topics.yaml"))
TOPICS_SLOT = "topics-" + cache.key_for(os.path.abspath(USER_TOPICS))[:8]
CACHE_FILES = (USER_SLOT, "calendar", TOPICS_SLOT)  # character readings ship (readings.py)

_REFERENCE_SCRIPT = """
import json, sys
from typer.testing import CliRunner
from sse_channels.cli import app
runner = CliRunner()
out = {}
for key, args in json.loads(sys.argv[1]).items():
    res = runner.invoke(app, args)
    out[key] = [res.exit_code, res.stdout]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, dict[str, list]]:
    """A cache directory built by a first run, and the answers that run gave."""
    folder = tmp_path_factory.mktemp("pristine") / "cache"
    env = {**os.environ, "SSE_CHANNELS_CACHE_DIR": str(folder)}
    proc = subprocess.run(
        [sys.executable, "-c", _REFERENCE_SCRIPT, json.dumps(REFERENCE)],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    answers = json.loads(proc.stdout)
    assert all(code == 0 for code, _ in answers.values()), answers
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)
    return folder, answers


def _header(blob: bytes) -> bytes:
    return blob[: blob.index(b"\n") + 1]


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _sealed(header: bytes, payload: bytes) -> bytes:
    return header + cache._digest(payload) + payload


def _older_format_header(blob: bytes) -> bytes:
    magic, name, key = blob[: blob.index(b"\n")].decode().split(" ")
    # What a previous cache format would have written: another key for the same inputs.
    assert re.fullmatch("[0-9a-f]{64}", key)
    return f"{magic} {name} {int(key, 16) ^ 0xDEADBEEF:064x}\n".encode()


def _damage(kind: str, blob: bytes, marker: Path) -> bytes:
    header = _header(blob)
    body = blob[len(header) :]
    payload = body[cache.DIGEST_SIZE :]
    if kind == "empty":
        return b""
    if kind == "truncated-header":
        return blob[:7]
    if kind == "truncated-payload":
        return blob[: len(blob) // 2]
    if kind == "flipped-payload-bytes":
        out = bytearray(blob)
        for i in range(len(header) + cache.DIGEST_SIZE + 10, len(out), max(1, len(out) // 7)):
            out[i] ^= 0xFF
        return bytes(out)
    if kind == "flipped-checksum":
        out = bytearray(blob)
        out[len(header)] ^= 0x01
        return bytes(out)
    if kind == "older-format-key":
        return _older_format_header(blob) + body
    if kind == "headerless-pickle":
        return payload  # an older layout: a bare pickle
    if kind == "wrong-shape-payload":
        return _sealed(header, pickle.dumps(({"channels": []}, ["old", "index"])))
    if kind == "malicious-pickle":
        return _sealed(header, pickle.dumps(_Evil(marker)))
    if kind == "garbage":
        return bytes(range(256)) * 40
    raise AssertionError(kind)


DAMAGE = {
    USER_SLOT: [
        "empty", "truncated-header", "truncated-payload", "flipped-payload-bytes",
        "flipped-checksum", "older-format-key", "headerless-pickle", "wrong-shape-payload",
        "malicious-pickle", "garbage",
    ],
    "calendar": ["truncated-payload", "flipped-payload-bytes", "older-format-key",
                 "malicious-pickle"],
}  # fmt: skip


_CHECKS = {
    USER_SLOT: store._valid,
    "calendar": lambda v: type(v).__name__ == "CalendarTable",
}


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, k) for n in DAMAGE for k in DAMAGE[n]],
    ids=[f"{n}-{k}" for n in DAMAGE for k in DAMAGE[n]],
)
def test_damaged_cache_file_is_rebuilt(run, tmp_path, monkeypatch, pristine, name, kind):
    source, answers = pristine
    folder = tmp_path / "cache"
    shutil.copytree(source, folder)
    target = folder / f"{name}.bin"
    good = target.read_bytes()
    marker = tmp_path / "PWNED"
    damaged = _damage(kind, good, marker)
    assert damaged != good
    target.write_bytes(damaged)
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(folder))
    _clear_store_caches()

    for key, args in REFERENCE.items():
        code, out, err = run(*args)
        assert (code, out) == tuple(answers[key]), key
        assert err == ""
    assert not marker.exists(), "the cache unpickled something it should never construct"

    rewritten = target.read_bytes()
    assert rewritten != damaged
    assert _header(rewritten) == _header(good)
    key = _header(good)[:-1].decode().split(" ")[-1]
    value = cache.read(name, key)
    assert value is not None and _CHECKS[name](value)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)


# --------------------------------------------------------------------------- processes


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERM", "NO_COLOR")}
    env.update(extra)
    return env


def test_two_processes_building_the_cache_at_once(tmp_path):
    folder = tmp_path / "fresh-cache"
    env = _env(SSE_CHANNELS_CACHE_DIR=str(folder))
    args = [EXE, "--data", USER_DATA, "hours", "--at", "2026-11-26T10:00", "--json", "债卷"]
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    for _, err, code in results:
        assert (code, err) == (0, b"")
    assert results[0][0] == results[1][0]
    answer = json.loads(results[0][0])
    assert answer["at"] == "2026-11-26T10:00:00+08:00"
    assert answer["lines"][0]["id"] == "bond-review.phone"
    # Both wrote whole files; a third run reads them and agrees; no temporary file is left.
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)
    third = subprocess.run(args, env=env, capture_output=True, timeout=60)
    assert (third.returncode, third.stdout, third.stderr) == (0, results[0][0], b"")


def _run_shell(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = _env(**env)
    # Python's default, buffered stdout: the listing leaves in one write, before `head` quits.
    # With PYTHONUNBUFFERED=1 each line is a write and the later ones race `head` to a closed
    # pipe; test_broken_pipe_is_quiet_and_successful covers that case deterministically.
    full.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        ["bash", "-c", script], env=full, capture_output=True, text=True, timeout=60
    )


def test_pipe_into_head():
    proc = _run_shell(f'set -o pipefail; "{EXE}" list | head -1; echo "status=${{PIPESTATUS[*]}}"')
    assert proc.stderr == ""
    first, status = proc.stdout.splitlines()
    assert first == TAB.join(["ipo-review.rules", "股票发行上市审核", "发行上市审核规则查询"])
    assert status == "status=0 0"


@pytest.mark.parametrize(
    "args",
    [["list"], ["export", "-f", "json"], ["search", "债券"]],
    ids=["list", "export", "search"],
)
def test_broken_pipe_is_quiet_and_successful(args):
    """The reader is gone before the tool writes (what `| head -1` does to a long output)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [EXE, *args], stdout=write_end, stderr=subprocess.PIPE, env=_env(), timeout=60
        )
    finally:
        os.close(write_end)
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


@pytest.mark.parametrize("args", ["list", "search 债券", "--help", "dial --help"])
def test_a_closed_stdout_is_reported_not_ignored(args):
    proc = _run_shell(f'"{EXE}" {args} >&-; echo "status=$?" >&2')
    assert proc.stderr.splitlines() == ["error: cannot write output: stdout is closed", "status=1"]


def test_a_closed_stdout_does_not_matter_when_nothing_goes_to_it(tmp_path):
    target = tmp_path / "out.csv"
    proc = _run_shell(f'"{EXE}" export -f csv -o "{target}" >&-; echo "status=$?" >&2')
    assert proc.stderr.splitlines() == [f"wrote {target} (csv, utf-8-sig)", "status=0"]


_SIGINT_SCRIPT = """
import signal, sys, time
from sse_channels import cli, store

# As a terminal would have it, even when the test run itself ignores SIGINT (nohup, `&`).
signal.signal(signal.SIGINT, signal.default_int_handler)

def slow(*args, **kwargs):
    sys.stderr.write("ready\\n")
    sys.stderr.flush()
    time.sleep(30)

store.searcher = slow
sys.argv = ["sse-channels", "search", "债券"]
cli.main()
"""


def test_ctrl_c_mid_run_is_quiet():
    proc = subprocess.Popen(
        [sys.executable, "-c", _SIGINT_SCRIPT],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    assert proc.stderr.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert proc.returncode == 1
    assert out == ""


def test_main_turns_keyboard_interrupt_into_exit_1(monkeypatch, capsys):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_params, "lazy_group", lambda app: interrupted)  # what main() runs
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 1  # exit codes stay 0, 1 and 2
    captured = capsys.readouterr()
    assert captured.err == "interrupted\n"
    assert "Traceback" not in captured.out + captured.err


_IMPORT_INTERRUPTED = """
import sys

class Interrupt:  # Ctrl-C arriving while the command line is still being imported
    def find_spec(self, name, path=None, target=None):
        if name == "sse_channels.cli":
            raise KeyboardInterrupt

sys.meta_path.insert(0, Interrupt())
from sse_channels.entry import main
main()
"""


def test_ctrl_c_while_importing_is_quiet():
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT_INTERRUPTED],
        env=_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "interrupted\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "债券", "--json"],
        ["export", "-f", "csv"],
        ["show", "integrity"],
        ["--help"],
        ["search", "--help"],
    ],
)
def test_a_full_disk_on_stdout_is_an_error_not_a_traceback(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [EXE, *args], env=_env(), stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert proc.returncode == 1
    assert proc.stderr == "error: cannot write output: No space left on device\n"


def test_main_turns_broken_pipe_into_exit_0(monkeypatch, capsys):
    def broken(**kwargs):
        raise BrokenPipeError

    monkeypatch.setattr(cli_params, "lazy_group", lambda app: broken)  # what main() runs
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 0
    assert capsys.readouterr().err == ""


def test_main_leaves_what_it_loaded_to_reference_counting_at_exit(monkeypatch):
    import gc

    def answered(**kwargs):
        store.load(None)  # what a command loads, alive until the process ends

    monkeypatch.setattr(cli_params, "lazy_group", lambda app: answered)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exc:
            cli.main()
        assert exc.value.code == 0
        assert gc.get_freeze_count() > 0  # Python's shutdown collections will not walk it
    finally:
        gc.unfreeze()


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
    assert re.search(_SGR, out) and re.search(_OSC8, out)


def test_color_always_wins_over_no_color(run):
    code, out, _ = run("--color", "always", "search", "债券", env={"NO_COLOR": "1"})
    assert code == 0
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", out)  # a foreground colour, not just bold


def _visible(text: str) -> str:
    return re.sub(f"{_SGR}|{_OSC8}", "", text)


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
        env=_env(TZ=tz, SSE_CHANNELS_CACHE_DIR=str(cache_dir)),
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


# --------------------------------------------------------------------------- output files


def _export(run, target: Path, *extra: str) -> tuple[int, str, str]:
    return run("export", "-f", "csv", "-o", str(target), *extra)


def test_export_does_not_overwrite_without_force(run, tmp_path):
    target = tmp_path / "mine.csv"
    original = b"\x00precious bytes\r\n\xff"
    target.write_bytes(original)
    code, out, err = _export(run, target)
    assert code == 2
    assert out == ""
    assert err == f"error: {target} exists; use --force to replace it\n"
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_export_force_replaces(run, tmp_path):
    target = tmp_path / "mine.csv"
    target.write_bytes(b"old")
    code, _, err = _export(run, target, "--force")
    assert code == 0
    assert err == f"wrote {target} (csv, utf-8-sig)\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,")
    assert "integrity.email" in raw.decode("utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_export_force_through_a_symlink_replaces_the_file_it_points_to(run, tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, _ = _export(run, link, "--force")
    assert code == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_export_never_replaces_a_fifo_or_device(run, tmp_path, force):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = _export(run, fifo, *force)
    assert (code, out) == (2, "")
    assert err == f"error: {fifo} is not a regular file; to write to it, use stdout: > {fifo}\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize(
    "where",
    ["missing-dir", "under-a-file", "is-a-directory"],
)
def test_export_to_an_impossible_place(run, tmp_path, where):
    if where == "missing-dir":
        target = tmp_path / "no" / "such" / "dir" / "out.csv"
    elif where == "under-a-file":
        target = _regular_file(tmp_path) / "out.csv"
    else:
        target = tmp_path / "a-dir"
        target.mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = _export(run, target)
    assert code in (1, 2)
    assert out == ""
    assert (
        err.startswith("error: ")
        and str(target.parent if where != "is-a-directory" else target) in err
    )
    assert_clean(out, err)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, no temp file


@pytest.mark.parametrize("force", [False, True], ids=["new-file", "force-over-existing"])
def test_export_failing_mid_write_leaves_no_partial_file(run, tmp_path, monkeypatch, force):
    target = tmp_path / "out.csv"
    if force:
        target.write_bytes(b"keep me")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, out, err = _export(run, target, *(["--force"] if force else []))
    monkeypatch.undo()
    assert code == 1
    assert out == ""
    assert err == f"error: cannot write output to {target}: No space left on device\n"
    if force:
        assert target.read_bytes() == b"keep me"
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_exported_file_gets_ordinary_permissions(run, tmp_path):
    """A new export is readable like any file the user creates (umask), not private 0600."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "shared.csv"
        code, _, _ = _export(run, target)
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# ----------------------------------------------------------------------------- edges of range


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hours", "--at", "9999-12-31T18:00"], "error: 9999-12-31 is outside the years"),
        (["hours", "--at", "9999-12-31T20:00Z"], "is out of range; e.g. 2026-11-26T10:00"),
        (["hours", "--at", "0001-01-01T00:00+14:00"], "is out of range; e.g. 2026-11-26T10:00"),
        (["due", "审核中", "--from", "9999-12-28"], "error: 9999-12-28 is outside the years"),
        (["dial", "债券", "--at", "1900-01-01T10:00"], "error: 1900-01-01 is outside the years"),
    ],
)
def test_dates_beyond_the_calendar_are_usage_errors(run, args, message):
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert message in err


@pytest.mark.parametrize("value", ["010", "1:00"])
def test_yaml_11_integer_forms_are_problems_not_crashes(run, tmp_path, value):
    bad = tmp_path / "octal.yaml"
    text = (Path(__file__).parents[1] / "data" / "channels.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("\nschema: 1\n", f"\nschema: {value}\n"), encoding="utf-8")
    line = text.splitlines().index("schema: 1") + 1
    code, out, err = run("validate", str(bad))
    assert (code, err) == (1, f"1 problem(s) in {bad}\n")
    assert out == f"{bad}:{line}: schema: expected a plain decimal integer, got '{value}'\n"


def test_an_ascii_terminal_gets_escapes_not_a_traceback():
    proc = subprocess.run(
        [EXE, "--lang", "zh", "search", "债券", "-n", "1"],
        capture_output=True,
        text=True,
        env=_env(PYTHONIOENCODING="ascii"),
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("bond-review.phone\t\\u503a\\u5238")


def test_utf8_arguments_under_the_c_locale_are_read_as_utf8():
    proc = subprocess.run(
        [EXE, "list", "--area", "债券审核监管"],
        capture_output=True,
        env=_env(LANG="C", LC_ALL="C", PYTHONUTF8="0", PYTHONIOENCODING="utf-8"),
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.decode().splitlines()[0].startswith("bond-review.rules\t")


# A probe loaded into the console script's own process (sitecustomize, first on PYTHONPATH):
# an audit hook witnesses Python's shutdown; PROBE_* variables add an exit handler or a thread,
# or count the collections while sse_channels.cli (and all it imports) loads.
_PROBE = """
import atexit, gc, os, sys, threading, time
from importlib.machinery import PathFinder

def witness(event, args, write=os.write):
    if event == "cpython.PyInterpreterState_Clear":
        write(2, b"shutdown ran\\n")

sys.addaudithook(witness)
if os.environ.get("PROBE_HANDLER"):
    atexit.register(lambda: sys.stderr.write("exit handler ran\\n"))
if os.environ.get("PROBE_THREAD"):
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stderr.write("thread ran\\n"))).start()
if os.environ.get("PROBE_GC_OFF"):
    gc.disable()
if os.environ.get("PROBE_COLLECTIONS"):
    collections = []
    gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info))

    class Watch:
        def find_spec(self, name, path=None, target=None):
            if name != "sse_channels.cli":
                return None
            spec = PathFinder.find_spec(name, path)
            run = spec.loader.exec_module
            def exec_module(module):
                before = len(collections)
                run(module)
                sys.stderr.write(
                    f"collections while loading: {len(collections) - before}, "
                    f"collecting: {gc.isenabled()}, frozen: {gc.get_freeze_count() > 0}\\n"
                )
            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Watch())
    exit_now = os._exit

    def report(code):
        sys.stderr.write(f"at exit collecting: {gc.isenabled()}\\n")
        sys.stderr.flush()
        exit_now(code)

    os._exit = report
"""

# A program of its own that runs the entry point, as the console script does, but under
# another name: it keeps its `except SystemExit` and its buffered files.
_WRAPPER = """
import sys
from sse_channels.entry import main
log = open(sys.argv.pop(1), "w")
log.write("started\\n")
try:
    main()
except SystemExit as done:
    log.write(f"ended {done.code}\\n")
"""


@pytest.fixture
def probe(tmp_path):
    folder = tmp_path / "probe"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(_PROBE)
    return folder


def _probed(probe: Path, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=_env(PYTHONPATH=str(probe), **env), capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "args", "code", "expected_err"),
    [
        ({}, ["search", "债券", "--json"], 0, ""),  # the answer out, nothing waits
        ({}, ["search", "zzzzqqq"], 1, "error: nothing found"),
        (
            {"PROBE_HANDLER": "1"},
            ["search", "债券", "--json"],
            0,
            "exit handler ran\nshutdown ran\n",
        ),
        ({"PROBE_THREAD": "1"}, ["search", "债券", "--json"], 0, "thread ran\nshutdown ran\n"),
    ],
    ids=["nothing waits", "an error", "an exit handler", "a thread"],
)
def test_the_console_script_skips_python_shutdown_only_when_nothing_needs_it(
    probe, env, args, code, expected_err
):
    for argv in ([EXE, *args], [sys.executable, "-m", "sse_channels", *args]):
        proc = _probed(probe, argv, **env)
        assert proc.returncode == code, argv
        if code == 0:
            assert json.loads(proc.stdout)[0]["id"] == "bond-review.phone"  # all of it flushed
            assert proc.stderr == expected_err, argv
        else:
            assert proc.stderr.startswith(expected_err), argv
            assert "shutdown ran" not in proc.stderr, argv


def test_a_program_that_runs_the_entry_point_keeps_its_exit(probe, tmp_path):
    wrapper, log = tmp_path / "wrap.py", tmp_path / "wrap.log"
    wrapper.write_text(_WRAPPER)
    proc = _probed(probe, [sys.executable, str(wrapper), str(log), "search", "债券", "--json"])
    assert proc.returncode == 0 and json.loads(proc.stdout)[0]["id"] == "bond-review.phone"
    assert log.read_text() == "started\nended 0\n"
    assert proc.stderr == "shutdown ran\n"


def test_a_debugger_or_a_prompt_gets_control_back(probe):
    pdb = subprocess.run(
        [sys.executable, "-m", "pdb", "-m", "sse_channels", "--version"],
        input="c\nq\n", env=_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "The program exited via sys.exit(). Exit status: 0" in pdb.stdout
    prompt = _probed(probe, [EXE, "--version"], PYTHONINSPECT="1")  # python -i
    assert prompt.stdout.startswith("sse-channels ")
    assert prompt.stderr.endswith("shutdown ran\n")  # Python's own exit, not os._exit


def test_the_console_script_answers_with_stderr_closed():
    """Python starts with sys.stderr = None when fd 2 is closed; the answer is still 0."""
    proc = subprocess.run(
        [EXE, "search", "债券"], env=_env(), stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2), text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stdout.startswith("bond-review.phone\t")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {},
            [
                "collections while loading: 0, collecting: False, frozen: False",
                "at exit collecting: True",
            ],
        ),
        (
            {"PROBE_GC_OFF": "1"},
            [
                "collections while loading: 0, collecting: False, frozen: False",
                "at exit collecting: False",
            ],
        ),
    ],
    ids=["the program", "collector off"],
)
def test_the_command_line_s_own_imports_run_without_collections(probe, tmp_path, env, expected):
    """Some 40 modules that live until exit: the collector is paused while they load (nine
    collections otherwise) and they are frozen after, when sse-channels is the program; a
    program that runs the entry point itself keeps its collector."""
    proc = _probed(probe, [EXE, "--version"], PROBE_COLLECTIONS="1", **env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == expected
    wrapper = tmp_path / "wrap.py"
    wrapper.write_text(_WRAPPER)
    proc = _probed(
        probe, [sys.executable, str(wrapper), str(tmp_path / "log"), "--version"],
        PROBE_COLLECTIONS="1",
    )  # fmt: skip
    during = int(proc.stderr.split("loading: ")[1].split(",")[0])
    assert during > 0 and "collecting: True" in proc.stderr


def test_a_data_file_whose_name_is_not_utf8_is_read(tmp_path):
    """Its name reaches Python as lone surrogates; the cache key keeps them as the bytes."""
    folder = os.fsencode(tmp_path)
    name = folder + b"/channels-\xff.yaml"
    with open(name, "wb") as f:
        f.write(Path(DATA).read_bytes())
    proc = subprocess.run(
        [EXE.encode(), b"--data", name, b"search", "债券".encode(), b"--json"],
        env=_env(SSE_CHANNELS_CACHE_DIR=str(tmp_path / "cache")), capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["id"] == "bond-review.phone"
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == ["user"]
