"""Line breaking for drawn output: 禁则, whole tokens, cell widths, no trailing spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sse_channels import model as m
from sse_channels.directory import parse as data
from sse_channels.output.typography import CLOSING, OPENING, cells, protected, tokens, wrap


def _texts() -> list[str]:
    d = data.load_packaged()
    out = []
    for ch in d.channels:
        out += [ch.summary_zh, ch.summary_en, *ch.notes_zh]
        for c in ch.contacts:
            if isinstance(c, m.Address):
                out.append(f"{c.text_zh} {c.postcode or ''}".strip())
            elif isinstance(c, m.Email):
                out.append(f"邮箱：{c.address}（工作日回复）")
            elif isinstance(c, (m.Web, m.System)):
                out.append(f"网站：{c.url}")
    # Long enough to wrap at every width from 60 to 120.
    joined = "；".join(t for t in out if t)
    return [joined[i : i + 400] for i in range(0, len(joined), 400)]


REAL = _texts()


def _check(text: str, width: int) -> None:
    lines = wrap(text, width)
    pieces = [p for p in tokens(text) if p != " "]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    for n, line in enumerate(lines):
        assert line == line.rstrip()
        if n and line:
            assert line[0] not in CLOSING, (line, width)
        if line and n < len(lines) - 1:
            assert line[-1] not in OPENING, (line, width)
        assert cells(line) <= width or line in pieces or line.split(" ")[0] in pieces
    for token in protected(text):
        assert any(token in line for line in lines), token


@pytest.mark.parametrize("width", range(60, 121))
def test_real_strings_at_every_width(width):
    for text in REAL:
        _check(text, width)


def test_real_strings_do_wrap():
    assert all(len(wrap(t, 60)) > 2 for t in REAL if cells(t) > 200)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("上海市浦东新区杨高南路388号", 14, ["上海市浦东新区", "杨高南路388号"]),
        ("拨打 4008888400 → 6 → 1959 咨询", 14, ["拨打", "4008888400 → 6 → 1959", "咨询"]),
        ("请发送至 ipo@sse.com.cn。", 12, ["请发送至", "ipo@sse.com.cn。"]),
        ("渠道 tech.hotline 已开通", 14, ["渠道", "tech.hotline", "已开通"]),
        ("一二三四五，六七", 10, ["一二三四", "五，六七"]),
        ("一二三「四五", 8, ["一二三", "「四五"]),
        ("占比50%以上", 7, ["占比50%", "以上"]),
        (
            "see https://www.sse.com.cn/a/b.html now",
            10,
            ["see", "https://www.sse.com.cn/a/b.html", "now"],
        ),
        ("one two  three", 8, ["one two", "three"]),
        ("", 10, [""]),
    ],
)
def test_explicit_cases(text, width, expected):
    assert wrap(text, width) == expected


def test_the_token_finder():
    text = (
        "电话 021-68808888，邮箱 a.b@sse.com.cn，拨 4008888400 → 6 → 1959，"
        "地址 388号，id tech.hotline"
    )
    assert protected(text) == [
        "021-68808888",
        "a.b@sse.com.cn",
        "4008888400 → 6 → 1959",
        "388号",
        "id",
        "tech.hotline",
    ]


def test_cells_count_wide_characters_twice():
    assert (cells("abc"), cells("交易日"), cells("（）"), cells("e\u0301")) == (3, 6, 4, 1)


ALPHABET = st.sampled_from(
    list("交易日上海证券所。，、；：？！「」（）《》“” abc.@-0123456789→号%")
)


@given(st.text(ALPHABET, max_size=120), st.integers(min_value=4, max_value=80))
def test_any_text_wraps_by_the_rules(text, width):
    _check(text, width)


@pytest.mark.parametrize("width", [12, 13, 14, 16, 20])
def test_a_time_window_is_never_broken(width):
    lines = wrap("交易日 08:45-11:30, 13:00-17:00", width)
    assert all(
        any(window in line for line in lines) for window in ("08:45-11:30", "13:00-17:00")
    ), lines
