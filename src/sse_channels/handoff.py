"""Handing an answer on: the dial sequence as a QR code or on the clipboard, the due date into a
calendar file. Pure functions over answers; the libraries they need are imported on use only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from .errors import UsageError

if TYPE_CHECKING:
    from .answers import DialReport, DueReport
    from .calendar import Calendar
    from .dial import DialLine


def dialled(report: DialReport) -> list[DialLine]:
    """Every line of the answer that has a number to dial."""
    return [d for a in report.answers for d in a.lines]


def check_image(path: str) -> None:
    """Refuse a QR image name other than .png or .svg before anything is printed."""
    from .qr import image_kind

    image_kind(path)


def qr_lines(report: DialReport, *, invert: bool) -> list[str]:
    """Each line's tel: link, its sequence, and its QR code drawn in half blocks."""
    from .qr import terminal

    out: list[str] = []
    for d in dialled(report):
        out += ["", f"{d.tel_uri}  {d.sequence}", terminal(d.tel_uri, invert=invert)]
    return out


def write_qr(report: DialReport, path: str, *, force: bool) -> str:
    """Write the QR code of the one line answered to a PNG or SVG file; what was written."""
    from .qr import write_image

    lines = dialled(report)
    if len(lines) != 1:
        raise UsageError(
            f"--qr-out writes one line and {len(lines)} match: "
            + ", ".join(d.sequence for d in lines)
            + "; name one, e.g. dial 上证行情云"
        )
    kind = write_image(lines[0].tel_uri, path, force=force)
    return f"wrote {path} ({kind}, {lines[0].tel_uri})"


def copy_number(report: DialReport, *, tty: TextIO | None) -> str:
    """Put the first line's number with its pauses on the clipboard; say how, or why not."""
    from .clipboard import copy

    lines = dialled(report)
    if not lines:
        return "not copied: no number to dial"
    number = lines[0].tel_uri.removeprefix("tel:")
    done = copy(number, tty=tty)
    return f"copied {number} ({done.via})" if done.ok else f"not copied: {done.why_not}"


def calendar_file(report: DueReport, cal: Calendar) -> bytes:
    """The due dates as an iCalendar file (all-day events with a reminder)."""
    from .ics import to_ics

    return to_ics(report.answers, cal)
