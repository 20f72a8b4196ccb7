"""Directory files a user (or an attacker) can hand the tool, an unusable cache folder, and
values at the edges of what is answered: a clear problem with file and line, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import DATA
from .support import TAB, assert_clean, clear_store_caches, regular_file


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


def _cache_under_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(regular_file(tmp_path) / "cache"))


def _cache_is_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(regular_file(tmp_path)))


def _xdg_under_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(regular_file(tmp_path) / "xdg"))


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
    clear_store_caches()
    code, out, err = run("--lang", "zh", "search", "廉政", "邮箱")
    assert (code, err) == (0, "")
    assert (
        out
        == TAB.join(["integrity.email", "廉政监督", "廉政监督邮箱", "ljcyjd@sse.com.cn", ""]) + "\n"
    )
    code, out, err = run("hours", "--at", "2026-11-26T10:00", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["lines"][0]["open"] is True


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
