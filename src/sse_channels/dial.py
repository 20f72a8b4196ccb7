"""Dial sequences and `tel:` URIs for the phone contacts of a channel. Pure functions."""

from __future__ import annotations

from msgspec import Struct

from . import model as m

ARROW = " → "


class DialLine(Struct, frozen=True):
    """One way to reach a line by phone."""

    channel_id: str
    label_zh: str  # e.g. 咨询, 分机 666, or "" for a line with a single path
    label_en: str
    number: str  # as published
    steps: tuple[str, ...]

    @property
    def sequence(self) -> str:
        """`4008888400 → 6 → 1959`: what to dial, then each key to press."""
        return ARROW.join((self.number, *self.steps))

    @property
    def tel_uri(self) -> str:
        """`tel:+864008888400,6,1959`: one tap on a phone dials the number and the pauses."""
        return tel_uri(self.number, self.steps)


def e164(number: str) -> str:
    """+86 form of a published Chinese number: 028-60119091 → +862860119091."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits.startswith("0"):
        digits = digits[1:]
    return "+86" + digits


def tel_uri(number: str, steps: tuple[str, ...] = ()) -> str:
    return "tel:" + ",".join((e164(number), *steps))


def dial_lines(channel: m.Channel, routes: tuple[int, ...] = ()) -> list[DialLine]:
    """Every dialled path of a channel; `routes` narrows the first phone's menu to those named."""
    out: list[DialLine] = []
    for pi, phone in enumerate(channel.phones()):
        chosen = [
            r for ri, r in enumerate(phone.routes) if not routes or pi > 0 or ri in routes
        ] or list(phone.routes)
        if not phone.routes:
            out.append(DialLine(channel.id, phone.label_zh, "", phone.number, ()))
        for r in chosen:
            out.append(DialLine(channel.id, r.label_zh, r.label_en, phone.number, r.steps))
    return out
