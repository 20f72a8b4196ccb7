"""csv_safe: formula triggers quoted as OWASP recommends, international phone numbers kept."""

from __future__ import annotations

import pytest

from sse_channels.formats.csvsafe import csv_safe


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+86 400 888 8400", "+86 400 888 8400"),
        ("+8621-68601281", "+8621-68601281"),
        ("+86", "+86"),
        ("+", "'+"),
        ("+86 400 888 8400=1", "'+86 400 888 8400=1"),
        ("投资者热线", "投资者热线"),
        ("4008888400", "4008888400"),
        ("", ""),
    ],
)
def test_csv_safe(cell: str, shown: str) -> None:
    assert csv_safe(cell, number=True) == shown


@pytest.mark.parametrize("cell", ["+86-21-3", "+86 400 888 8400", "+1"])
def test_a_phone_shaped_cell_outside_a_number_column_is_quoted(cell: str) -> None:
    assert csv_safe(cell) == "'" + cell
