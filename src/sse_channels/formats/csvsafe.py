"""Neutralising CSV cells that a spreadsheet would run as a formula (standard library only).

OWASP's advice for CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is prefixed with a single quote, which Excel, LibreOffice and Google Sheets
show as text. One exception keeps the directory readable: a phone number in international form
(`+86` and digits, with spaces, dashes or dots) is left as it is in the columns that hold
numbers. It cannot be a formula: `+`
followed only by digits and separators evaluates, at worst, to that very number, and prefixing
it would show `'+864008888400` to the people the export is for.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+\d[\d .-]*\d", re.ASCII)


def csv_safe(cell: str, *, number: bool = False) -> str:
    """The cell as a spreadsheet should show it: a leading formula character is quoted.
    `number`: the cell is a phone number column, where `+86…` stays as it is."""
    if cell.startswith(_TRIGGERS) and not (number and _PHONE.fullmatch(cell)):
        return "'" + cell
    return cell
