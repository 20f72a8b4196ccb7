"""Putting text on the clipboard (`--copy`): OSC 52 on a terminal, else the platform's tool.

OSC 52 (`ESC ] 52 ; c ; <base64> BEL`) asks the terminal itself to set the clipboard, so it
works over SSH; inside tmux or screen the sequence is wrapped so it reaches the outer terminal.
Where no terminal is attached, the first of wl-copy, xclip, xsel, pbcopy and clip.exe found on
PATH is run with a timeout. The result says what was done, or why nothing could be.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Mapping
from typing import TextIO

from msgspec import Struct

from sse_channels.l10n import N_  # the reason is translated where it is shown

TOOLS = (
    ("wl-copy", ()),
    ("xclip", ("-selection", "clipboard")),
    ("xsel", ("-b", "-i")),
    ("pbcopy", ()),
    ("clip.exe", ()),
)
TIMEOUT = 5.0


class Copied(Struct, frozen=True):
    """What `copy` did: `via` is "osc52" or a tool's name; empty when nothing was copied."""

    via: str
    why_not: str = ""  # an English template (a catalog msgid), said with `why_args`
    why_args: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.via)


def osc52(text: str, env: Mapping[str, str]) -> str:
    """The escape sequence that sets the clipboard, wrapped for tmux or screen."""
    seq = "\x1b]52;c;" + base64.b64encode(text.encode()).decode() + "\x07"
    if env.get("TMUX"):
        return "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("TERM", "").startswith("screen"):
        return "\x1bP" + seq + "\x1b\\"
    return seq


def copy(text: str, *, tty: TextIO | None, env: Mapping[str, str] | None = None) -> Copied:
    """Copy `text`: OSC 52 to `tty` if it is a terminal that is not dumb, else a tool."""
    env = os.environ if env is None else env
    if tty is not None and tty.isatty() and env.get("TERM", "dumb") != "dumb":
        tty.write(osc52(text, env))
        tty.flush()
        return Copied("osc52")
    for name, args in TOOLS:
        exe = shutil.which(name, path=env.get("PATH"))
        if exe is None:
            continue
        try:
            subprocess.run(
                [exe, *args], input=text.encode(), timeout=TIMEOUT, check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            why = N_("{name} did not finish within {s} seconds")
            return Copied("", why, (("name", name), ("s", f"{TIMEOUT:g}")))
        except subprocess.CalledProcessError as exc:
            why = N_("{name} failed with exit status {code}")
            return Copied("", why, (("name", name), ("code", str(exc.returncode))))
        except (OSError, subprocess.SubprocessError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            return Copied(
                "", N_("{name} could not run: {reason}"), (("name", name), ("reason", reason))
            )
        return Copied(name)
    return Copied("", N_("no terminal for OSC 52 and no clipboard tool (wl-copy, xclip, xsel…)"))
