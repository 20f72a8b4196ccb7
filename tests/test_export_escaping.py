"""Exported text that another program interprets shows data as written: Markdown cells carry
no HTML, links or broken tables; CSV keeps a leading + only in its number columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DATA

NAME_ZH = "    name_zh: 廉政监督邮箱"
NAME_EN = "    name_en: Integrity supervision mailbox"


def _data_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text("utf-8")
    assert text.count(old + "\n") == 1
    path = tmp_path / "channels.yaml"
    path.write_text(text.replace(old + "\n", new + "\n"), "utf-8")
    return path


def _row(markdown: str, needle: str) -> str:
    (row,) = [line for line in markdown.splitlines() if needle in line]
    return row


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        (
            "<img src=x onerror=alert(1)>邮箱",
            "&lt;img src=x onerror=alert(1)&gt;邮箱",
        ),
        ("[点此](javascript:alert(1))邮箱", "\\[点此\\](javascript:alert(1))邮箱"),
        ("<script>alert(1)</script>邮箱", "&lt;script&gt;alert(1)&lt;/script&gt;邮箱"),
        ("![图](http://evil.example/x.png)邮箱", "!\\[图\\](http://evil.example/x.png)邮箱"),
        ("邮箱 &lt;b&gt;", "邮箱 &amp;lt;b&amp;gt;"),
        ("邮箱 A|B", "邮箱 A\\|B"),
        ("邮箱\\\\", "邮箱\\\\\\\\"),
    ],
    ids=["img", "link", "script", "image", "entity", "pipe", "backslash"],
)
def test_markdown_cells_show_names_as_written(run, tmp_path, name, cell):
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    data = _data_with(tmp_path, NAME_ZH, f'    name_zh: "{quoted}"')
    code, out, err = run("--data", str(data), "export", "-f", "markdown")
    assert (code, err) == (0, "")
    row = _row(out, "ljcyjd@sse.com.cn")
    assert row.startswith(f"| {cell} | ")
    assert row.count(" | ") - row.count("\\| ") == 2  # three cells, whatever the name holds


def test_a_name_ending_in_a_backslash_keeps_the_table_whole(run, tmp_path):
    data = _data_with(tmp_path, NAME_ZH, '    name_zh: "邮箱\\\\"')
    code, out, _ = run("--data", str(data), "export", "-f", "markdown")
    assert code == 0
    assert _row(out, "ljcyjd@sse.com.cn") == ("| 邮箱\\\\ | ljcyjd@sse.com.cn | — |")


def test_a_phone_shaped_english_name_is_quoted_in_csv(run, tmp_path):
    data = _data_with(tmp_path, NAME_EN, '    name_en: "+86-21-3"')
    code, out, err = run("--data", str(data), "export", "-f", "csv", "--header", "en")
    assert (code, err) == (0, "")
    row = _row(out, "ljcyjd@sse.com.cn")
    assert row == "integrity.email,廉政监督,廉政监督邮箱,'+86-21-3,email,,ljcyjd@sse.com.cn,,,"
