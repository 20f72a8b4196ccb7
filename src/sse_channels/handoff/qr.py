"""QR codes of `tel:` URIs, drawn in a terminal or written as PNG/SVG (segno, pure Python).

A phone camera that scans `tel:+864008888400,6,1959` offers to call it, and dials the commas as
pauses: the one hand-off from a desk terminal to a phone that needs no typing. segno is
imported here only, and only when a QR code is asked for.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from sse_channels.errors import UsageError
from sse_channels.l10n import _

if TYPE_CHECKING:
    import segno

BORDER = 4  # the quiet zone ISO/IEC 18004 asks for, in modules
IMAGE_SCALE = 10  # pixels per module in a PNG; an SVG is drawn in the same units
KINDS = {".png": "png", ".svg": "svg"}
OPTION = "--qr-out"


def code(uri: str) -> segno.QRCode:
    """The QR code of `uri`: a full (not micro) code at error level M, raised when it fits."""
    import segno
    from segno.encoder import DataOverflowError

    try:
        return segno.make(uri, error="m", micro=False)
    except DataOverflowError:  # a directory file's route can be longer than a code holds
        raise UsageError(
            _(
                "the link is too long for a QR code ({n} characters); dial the sequence instead"
            ).format(n=len(uri))
        ) from None


def terminal(uri: str, *, invert: bool = False) -> str:
    """The code in Unicode half blocks (▀ ▄ █ and space), quiet zone included, one text line
    per two rows of modules: a tel: URI gives 33 columns by 17 lines, well inside 80 columns.

    A terminal draws characters in its foreground colour on its background. By default the
    blocks are the code's *light* modules (quiet zone included), so on a dark-background
    terminal — light text on dark, most terminals' default — the code shows dark modules on a
    light field, as a scanner expects. `invert=True` draws the dark modules instead, for a
    terminal with dark text on a light background. Scanners read both; the quiet zone must be
    the light colour, which is what each choice gives on its kind of terminal.
    """
    # True where the terminal draws ink: the light modules by default, the dark ones inverted
    rows = [tuple(bool(v) == invert for v in row) for row in code(uri).matrix_iter(border=BORDER)]
    if len(rows) % 2:
        rows.append((False,) * len(rows[0]))  # the terminal's own background below the code
    blocks = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join(blocks[pair] for pair in zip(top, bottom, strict=True)).rstrip())
    return "\n".join(lines)


def image_kind(path: str) -> str:
    """`png` or `svg` from the file name; anything else is a usage error."""
    kind = KINDS.get(Path(path).suffix.lower())
    if kind is None:
        raise UsageError(
            _("--qr-out writes .png or .svg files, not {name}").format(
                name=repr(Path(path).name[:60])
            )
        )
    return kind


def image(uri: str, kind: str) -> bytes:
    """The code as a PNG or SVG file: black on white, quiet zone included."""
    buf = io.BytesIO()
    code(uri).save(buf, kind=kind, scale=IMAGE_SCALE, border=BORDER)
    return buf.getvalue()


def write_image(uri: str, path: str, *, force: bool) -> str:
    """Write the code to `path` (.png or .svg) whole or not at all; returns the kind written.

    An existing file is replaced only with `force`."""
    from sse_channels.files import write_atomic

    kind = image_kind(path)
    write_atomic(path, image(uri, kind), force=force, option=OPTION, example="sse.png")
    return kind
