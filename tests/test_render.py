"""The Rich views: a table on a wide terminal, stacked blocks that fit a narrow one."""

from __future__ import annotations

import msgspec
import pytest
from rich.cells import cell_len
from rich.console import Console

from sse_channels import answers, store
from sse_channels.output import terminal as render


def draw(renderable, width: int) -> list[str]:
    con = Console(width=width, record=True, color_system=None, force_terminal=True)
    con.print(renderable)
    return [line.rstrip() for line in con.export_text(styles=False).splitlines()]


def results(query: str, n: int = 3):
    s = store.searcher()
    return s.search(query, n), s.directory


def test_search_is_a_table_on_a_wide_terminal():
    found, d = results("债券 电话", 1)
    lines = draw(render.search_table(found, d, ["债券", "电话"]), 100)
    assert lines[1].split() == ["Area", "Channel", "How", "to", "reach", "Hours"]
    assert any("4008888400 → 6 → 1959" in x for x in lines)


def test_search_stacks_on_60_columns_and_keeps_every_line_whole():
    found, d = results("债券", 3)
    lines = draw(render.search_table(found, d, ["债券"]), 60)
    assert lines[:3] == [
        "Bond phone consultation  债券业务电话咨询",
        "  4008888400 → 6 → 1959",
        "  trading days 08:45-11:30, 13:00-17:00",
    ]
    assert "  bondsse@sse.com.cn" in lines
    assert max(cell_len(x) for x in lines) <= 60


def test_overview_stacks_on_60_columns():
    d = store.load()[0]
    lines = draw(render.overview(answers.overview(d)), 60)
    assert lines[1:4] == [
        "Stock issuance and listing review  股票发行上市审核",
        "  4008888400 → 6 → 666",
        "  发行上市审核系统 https://sras.sse.com.cn/ EKey",
    ]
    assert max(cell_len(x) for x in lines) <= 60


def test_overview_keeps_every_link_and_sequence_whole_at_any_width():
    d = store.load()[0]
    points = answers.overview(d).rows
    wanted = [p.phone.sequence for p in points if p.phone]
    wanted += [p.mail.address if p.mail else p.site.url for p in points if p.mail or p.site]
    for width in range(60, 121):
        lines = draw(render.overview(answers.overview(d)), width)
        assert max(cell_len(x) for x in lines) <= width
        for text in wanted:
            assert any(text in x for x in lines), (width, text)


def test_a_channel_panel_keeps_its_id_and_names_whole_at_60_columns():
    d = store.load()[0]
    ch = next(c for c in d.channels if c.id == "innovative-products.options")
    lines = draw(render.channel_panel(ch, d), 60)
    assert lines[0].startswith("╭─ Option business zone (trading participant system) ─")
    assert lines[1] == "│ id            innovative-products.options                │"
    assert lines[2] == "│ Chinese name  期权业务办理（交易参与人业务管理系统）     │"
    assert max(cell_len(x) for x in lines) == 60


def test_wide_search_keeps_each_dial_sequence_on_one_line_at_80_columns():
    found, d = results("电话", 10)  # long URLs and labels compete for the width
    lines = draw(render.search_table(found, d, []), 80)
    for seq in ("4008888400 → 6 → 1959", "4008888400 → 2 → 4 → 1", "4008888400 → 2 → 4 → 2"):
        assert any(seq in x for x in lines), (seq, lines)


def test_data_text_is_never_markup_or_an_escape():
    found, d = results("廉政 邮箱", 1)
    ch = msgspec.structs.replace(found[0].channel, name_zh="[red]x[/red]\x1b[2J")
    hit = msgspec.structs.replace(found[0], channel=ch)
    con = Console(width=100, record=True, color_system="truecolor", force_terminal=True)
    con.print(render.search_table([hit], d, []))
    out = con.export_text(styles=True)
    assert "[red]x[/red]" in out
    assert "\x1b[2J" not in out


@pytest.mark.parametrize(
    ("columns", "width"),
    [
        ("99999999999999999999", 1000),
        ("4000000000", 1000),
        ("100000000", 1000),
        ("5", 20),
        ("100", 100),
        ("abc", None),
        ("", None),
    ],
)
def test_columns_is_clamped(monkeypatch, columns, width):
    monkeypatch.setenv("COLUMNS", columns)
    assert render._columns() == width
