"""Handing an answer on: the dial sequence as a QR code or on the clipboard, the due date into a
calendar file. Pure functions over answers; the libraries they need are imported on use only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.answers import SearchAnswer, ShowAnswer
from sse_channels.errors import UsageError
from sse_channels.l10n import _

if TYPE_CHECKING:
    from sse_channels.answers import DialReport, DueReport
    from sse_channels.days.trading import Calendar
    from sse_channels.dial import DialLine


def dialled(report: DialReport) -> list[DialLine]:
    """Every line of the answer that has a number to dial."""
    return [d for a in report.answers for d in a.lines]


def check_image(path: str, *, force: bool = False) -> None:
    """Refuse a QR image name other than .png or .svg, and a file that may not be written
    (an existing one without `force`, a device), before anything is printed."""
    from sse_channels.files import check_target

    from .qr import OPTION, image_kind

    if path != "-":  # stdout
        check_target(path, force=force, option=OPTION, example="sse.png")
        image_kind(path)


def qr_svg(report: DialReport) -> bytes:
    """The QR code of the one line answered, as an SVG file (for `--qr-out -`)."""
    from .qr import image

    return image(_one_line(report, "-").tel_uri, "svg")


def qr_lines(report: DialReport, *, invert: bool, columns: int | None = None) -> list[str]:
    """Each line's tel: link, its sequence, and its QR code drawn in half blocks. A code wider
    than `columns` (the terminal's) could not be scanned: it is not drawn (see `qr_too_wide`)."""
    from .qr import terminal

    out: list[str] = []
    for d in dialled(report):
        drawn = terminal(d.tel_uri, invert=invert)
        if columns is not None and _width(drawn) > columns:
            drawn = ""
        out += ["", f"{d.tel_uri}  {d.sequence}", *([drawn] if drawn else [])]
    return out


def _width(drawn: str) -> int:
    return max((len(line) for line in drawn.split("\n")), default=0)


def qr_too_wide(report: DialReport, columns: int | None) -> str:
    """Why no code was drawn, with what to do instead; "" when every code fits."""
    from .qr import terminal

    widest = max((_width(terminal(d.tel_uri)) for d in dialled(report)), default=0)
    if columns is None or widest <= columns:
        return ""
    return _(
        "the QR code needs {need} columns and the terminal has {have}: widen it, "
        "or write an image with --qr-out FILE.png"
    ).format(need=widest, have=columns)


def write_qr(report: DialReport, path: str, *, force: bool) -> str:
    """Write the QR code of the one line answered to a PNG or SVG file; what was written."""
    from .qr import write_image

    line = _one_line(report, path)
    kind = write_image(line.tel_uri, path, force=force)
    return _("wrote {file} ({kind}, {uri})").format(file=path, kind=kind, uri=line.tel_uri)


def _one_line(report: DialReport, path: str) -> DialLine:
    """The one line a QR code is drawn for; several: each as the command that picks it."""
    lines = dialled(report)
    if len(lines) != 1:
        from sse_channels.output import names

        choices = [
            " ".join(("sse-channels", "dial", d.number, *d.steps, "--qr-out", path))
            + (f" ({names.label(d)})" if d.label_zh else "")
            for d in lines
        ]
        raise UsageError(
            _("--qr-out writes one line and {n} match; choose one: {choices}").format(
                n=len(lines), choices=_("; ").join(choices)
            )
        )
    return lines[0]


def copy_number(report: DialReport, *, tty: TextIO | None) -> str:
    """Put the first line's number with its pauses on the clipboard; say how, or why not."""
    lines = dialled(report)
    if not lines:
        return _("not copied: no number to dial")
    return _copy(lines[0].tel_uri.removeprefix("tel:"), tty)


def best_contact(ch: m.Channel) -> str | None:
    """What to paste to reach a channel: its number with the pauses of its first menu route,
    else its first mailbox, site or address."""
    from sse_channels.dial import dial_lines
    from sse_channels.output.plain import contact_text

    lines = dial_lines(ch)
    if lines:
        return lines[0].tel_uri.removeprefix("tel:")
    for c in ch.contacts:
        match c:
            case m.Email():
                return c.address
            case m.Web() | m.System():
                return c.url
            case m.Address() | m.Fax():
                return contact_text(c)
            case m.Phone() | m.Account() | m.Newspaper() | m.Radio() | m.Via():
                pass  # nothing a person pastes to reach the desk
            case _:
                assert_never(c)
    return None


def copy_best(answer: SearchAnswer | ShowAnswer, *, tty: TextIO | None) -> str:
    """Copy the best contact of the first channel shown; say what, or why nothing."""
    chans = (
        [r.channel for r in answer.results]
        if isinstance(answer, SearchAnswer)
        else list(answer.channels)
    )
    text = best_contact(chans[0]) if chans else None
    return _copy(text, tty) if text else _("not copied: the first channel has nothing to paste")


def _copy(text: str, tty: TextIO | None) -> str:
    from .clipboard import copy

    done = copy(text, tty=tty)
    if done.ok:
        return _("copied {text} ({via})").format(text=text, via=done.via)
    reason = _(done.why_not).format(**dict(done.why_args))
    return _("not copied: {reason}").format(reason=reason)


def calendar_file(report: DueReport, cal: Calendar) -> bytes:
    """The due dates as an iCalendar file (all-day events with a reminder)."""
    from sse_channels.formats.ics import to_ics

    return to_ics(report.answers, cal)
