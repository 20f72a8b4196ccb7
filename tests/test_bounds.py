"""What the validator refuses and how fast it stays, on the real file and on hostile ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sse_channels import model as m
from sse_channels import store
from sse_channels.days.trading import load_closure_notice
from sse_channels.directory import parse as data
from sse_channels.directory import rules
from sse_channels.errors import DataError

from .conftest import DATA

TEXT = Path(DATA).read_text(encoding="utf-8")
URL = "url: http://www.sse.com.cn/lawandrules/guide/stock/fxsssh/"
NUMBER = 'number: "4008888400"'


def problems(tmp_path: Path, text: str) -> list[str]:
    f = tmp_path / "c.yaml"
    f.write_text(text, encoding="utf-8")
    return [f"{p.line}: {p.field}: {p.message}" for p in data.validate_file(f)]


def only(tmp_path: Path, old: str, new: str) -> str:
    assert old in TEXT
    (found,) = problems(tmp_path, TEXT.replace(old, new, 1))
    return found.split(": ", 2)[2]


def test_the_packaged_file_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, TEXT) == []


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ('number: "4008888400\\n"', "malformed phone number"),  # what a YAML | block gives
        ('number: "400８888400"', "malformed phone number"),  # a full-width digit
        ('number: "４００8888400"', "malformed phone number"),
    ],
)
def test_numbers_are_ascii_and_whole(tmp_path: Path, new: str, message: str) -> None:
    assert only(tmp_path, NUMBER, new).startswith(message)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.sse.com.cn/a`touch${IFS}/tmp/x`",
        "http://www.sse.com.cn/a|b",
        "http://www.sse.com.cn/a\\\\b",
        "http://www.sse.com.cn/{a}",
        "http://www.sse.com.cn/a^b",
        "http://www.sse.com.cn/a$(reboot)",
        "http://www.sse.com.cn/a\\u202eb",
        "http://www.sse.com.cn/a\\n",
        "http://www.sse.com.cn/a%zz",
        "file:///etc/passwd",
    ],
)
def test_urls_are_plain_rfc3986(tmp_path: Path, url: str) -> None:
    message = only(tmp_path, URL, f'url: "{url}"')
    assert message.startswith(("malformed URL", rules.FORBIDDEN_TEXT)), message


@pytest.mark.parametrize("char", ["\\u202e", "\\u200b", "\\u2028", "\\u2066", "\\ufeff", "\\e"])
def test_invisible_and_bidi_characters_are_refused(tmp_path: Path, char: str) -> None:
    assert only(
        tmp_path, "name_zh: 审核中现场咨询沟通", f'name_zh: "审核中{char}现场咨询沟通"'
    ) == (rules.FORBIDDEN_TEXT)


def test_a_name_of_only_a_zero_width_space_is_empty(tmp_path: Path) -> None:
    assert (
        only(tmp_path, "name_zh: 审核中现场咨询沟通", 'name_zh: "\\u200b"') == "must not be empty"
    )


def test_amounts_are_bounded(tmp_path: Path) -> None:
    assert only(tmp_path, "amount: 10", "amount: 3000000") == "must be at most 366"


def test_field_lengths_are_bounded(tmp_path: Path) -> None:
    message = only(
        tmp_path, "name_zh: 审核中现场咨询沟通", "name_zh: " + "债" * 1_500_000
    )  # 4.5 MB
    assert message == "too long (1500000 characters; the limit is 2000)"


def test_deep_nesting_is_refused_with_both_loaders(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("areas: " + "[" * 500 + "]" * 500 + "\n")
    assert [str(p) for p in data.validate_file(f)] == [f"{f}:1: nested deeper than 32 levels"]
    import yaml

    from sse_channels.directory import yamlsafe

    with pytest.raises(DataError, match="nested deeper than 32 levels"):
        yamlsafe.compose("a: " + "[" * 500 + "]" * 500, "x", loader=yaml.SafeLoader)


def test_deep_nesting_in_a_closure_notice(tmp_path: Path) -> None:
    f = tmp_path / "n.yaml"
    f.write_text("years: [2027]\nclosed: " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(DataError) as caught:
        load_closure_notice(f)
    assert str(caught.value) == f"{f}:2: nested deeper than 32 levels"


def test_a_notice_cannot_reach_past_the_years_the_tool_answers_for(tmp_path: Path) -> None:
    f = tmp_path / "n.yaml"
    f.write_text("years: [2027, 9999]\nclosed: [2027-01-01]\n")
    with pytest.raises(DataError) as caught:
        load_closure_notice(f)
    assert str(caught.value) == (
        f"{f}:1: years[1]: 9999 is outside the years 1990-2199 a notice may cover"
    )


def test_a_syntax_error_names_the_line_where_the_construct_opens(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("schema: 1\ntitle_zh: x\nname: [unclosed\n")
    (p,) = data.validate_file(f)
    assert p.line == 4
    assert p.message.endswith("(the construct opened on line 3)")


def _forged(directory: m.Directory, **change: object) -> m.Directory:
    import msgspec

    ch = next(c for c in directory.channels if any(isinstance(x, m.Web) for x in c.contacts))
    i = next(i for i, x in enumerate(ch.contacts) if isinstance(x, m.Web))
    web = msgspec.structs.replace(ch.contacts[i], **change)  # type: ignore[arg-type]
    contacts = (*ch.contacts[:i], web, *ch.contacts[i + 1 :])
    channels = tuple(
        msgspec.structs.replace(c, contacts=contacts) if c is ch else c for c in directory.channels
    )
    return msgspec.structs.replace(directory, channels=channels, _by_id={})


def test_a_cached_directory_is_rechecked(monkeypatch: pytest.MonkeyPatch) -> None:
    directory, index = store.load()
    assert store._valid((directory, index))
    assert not store._valid((_forged(directory, url="file:///etc/passwd"), index))
    assert not store._valid((_forged(directory, title_zh="a\x1b[2Jb"), index))


def test_a_forged_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sse_channels.store import cache

    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    store.load.cache_clear()
    directory, index = store.load(DATA)
    (slot,) = [p.stem for p in (tmp_path / "c").iterdir() if p.name.startswith("user-")]
    blob = (tmp_path / "c" / f"{slot}.bin").read_bytes()
    header = blob[: blob.index(b"\n") + 1]
    key = header[:-1].decode().split(" ")[-1]
    cache.write(slot, key, (_forged(directory, url="file:///etc/passwd"), index))
    store.load.cache_clear()
    again, _ = store.load(DATA)
    store.load.cache_clear()
    assert again == directory
    assert os.path.exists(tmp_path / "c" / f"{slot}.bin")


# ----------------------------------------------------------------------------- dates

DATES = "  checked: null       # when every link last answered; null: never checked\n"


def test_the_packaged_dates() -> None:
    import datetime as dt

    assert data.load_packaged().dates == m.DirectoryDates(None, dt.date(2026, 11, 26), None)
    assert DATES in TEXT  # one simple line, so an editor can change only it


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("  checked: 2026-11-25\n", "2026-11-25 is before transcribed (2026-11-26)"),
        ("  checked: 2101-01-01\n", "2101-01-01 is outside the years 2020-2100"),
        ("  checked: 2026-02-30\n", "2026-02-30 is not a real date"),
        ('  checked: "2026-12-01"\n', "expected a date such as 2026-11-26 or null, got a string"),
        (
            "  checked: 2026-12-01T10:00:00\n",
            "expected a date such as 2026-11-26 or null, got a date",
        ),
    ],
)
def test_dates_are_checked(tmp_path: Path, new: str, message: str) -> None:
    assert only(tmp_path, DATES, new) == message


def test_a_checked_date_is_read(tmp_path: Path) -> None:
    import datetime as dt

    f = tmp_path / "c.yaml"
    f.write_text(TEXT.replace(DATES, "  checked: 2026-12-01\n"), encoding="utf-8")
    assert data.load_file(f).dates.checked == dt.date(2026, 12, 1)
