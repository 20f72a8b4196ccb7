"""What a page shows of an answer, as plain records for the templates: no wording of its own.

The texts come from `describe` (hours, status, contacts) and the links from `dial`, as the
command line prints them; the templates escape every string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from sse_channels import model as m
from sse_channels.output import names
from sse_channels.output.plain import contact_text, hours_text, status_text

if TYPE_CHECKING:
    from sse_channels.days.staffing import Status


class Link(Struct, frozen=True):
    text: str
    href: str  # "" where the value is shown as text only


class Dialled(Struct, frozen=True):
    sequence: str  # 4008888400 → 1 → 3
    tel: str  # tel:+864008888400,1,3
    label: str


class Card(Struct, frozen=True):
    id: str
    name: str  # in the page's language: 债券业务电话咨询, or Bond phone consultation
    beside: str  # the other name shown beside it (the Chinese one on an English page), or ""
    area: str
    dial: tuple[Dialled, ...]
    links: tuple[Link, ...]  # mailboxes, sites, systems: what a tap opens
    other: tuple[str, ...]  # addresses, accounts, faxes: shown as text
    hours: str
    status: str  # "open now, closes 11:30", or "" where the hours are not published
    open: bool | None
    # How sure the search is of this result (high, medium, low), where it gives one.
    confidence: str | None = None


def web_link(url: str) -> str:
    """`url` when it is an http(s) link, else "": no other scheme is ever made a link."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def dialled(ch: m.Channel, routes: tuple[int, ...] = ()) -> tuple[Dialled, ...]:
    from sse_channels.dial import dial_lines

    lines = dial_lines(ch, routes)
    return tuple(
        Dialled(d.sequence, d.tel_uri, names.label(d) if len(lines) > 1 else "") for d in lines
    )


def links_and_text(ch: m.Channel) -> tuple[tuple[Link, ...], tuple[str, ...]]:
    links: list[Link] = []
    other: list[str] = []
    for c in ch.contacts:
        match c:
            case m.Phone():
                pass  # dialled above
            case m.Email():
                links.append(Link(c.address, f"mailto:{c.address}"))
            case m.Web():
                links.append(Link(c.title_zh or c.url, web_link(c.url)))
            case m.System():
                links.append(Link(c.name_zh, web_link(c.url)))
                if c.ekey_url:
                    links.append(Link(f"{c.name_zh} EKey", web_link(c.ekey_url)))
            case _:
                other.append(contact_text(c))
    return tuple(links), tuple(other)


def card(
    ch: m.Channel,
    directory: m.Directory,
    status: Status | None,
    routes: tuple[int, ...] = (),
    confidence: str | None = None,
) -> Card:
    area = directory.area(ch.area)
    name, beside = names.pair(ch.name_zh, ch.name_en)
    on_air = ch.hours is not None and ch.hours.meaning is m.HoursMeaning.ON_AIR
    links, other = links_and_text(ch)
    return Card(
        id=ch.id,
        name=name,
        beside=beside,
        area=names.area(area, ch.area),
        dial=dialled(ch, routes),
        links=links,
        other=other,
        hours=hours_text(ch),
        status=status_text(status, on_air) if status is not None else "",
        open=status.open if status is not None else None,
        confidence=confidence,
    )
