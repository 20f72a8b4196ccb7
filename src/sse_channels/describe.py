"""Plain-text descriptions of records, shared by every output format. No Rich here."""

from __future__ import annotations

from . import model as m
from .dial import DialLine, dial_lines

NOT_PUBLISHED = "not published"
# Kinds for which opening hours are a meaningful question (a person answers or receives).
STAFFED_KINDS = {
    m.ChannelKind.PHONE,
    m.ChannelKind.ONSITE,
    m.ChannelKind.OFFICE,
    m.ChannelKind.LIAISON,
}


def hours_text(ch: m.Channel) -> str:
    """`trading days 08:45-11:30, 13:00-17:00`, `not published`, or "" where hours do not apply."""
    if ch.hours is not None:
        prefix = "on air, " if ch.hours.meaning is m.HoursMeaning.ON_AIR else ""
        return f"{prefix}trading days {ch.hours}"
    return NOT_PUBLISHED if ch.kind in STAFFED_KINDS else ""


def contact_text(c: m.Contact, directory: m.Directory | None = None) -> str:
    """One line for a contact point (phones are described by `dial_lines` instead)."""
    if isinstance(c, m.Phone):
        return c.number
    if isinstance(c, m.Fax):
        return f"fax {c.number}"
    if isinstance(c, m.Email):
        return c.address
    if isinstance(c, m.Web):
        return f"{c.title_zh} {c.url}"
    if isinstance(c, m.System):
        ekey = " (EKey)" if c.ekey_url else ""
        return f"{c.name_zh} {c.url}{ekey}"
    if isinstance(c, m.Address):
        return f"{c.text_zh} {c.postcode}" if c.postcode else c.text_zh
    if isinstance(c, m.Account):
        ident = f" ({c.account_id})" if c.account_id else ""
        return f"{m.PLATFORM_ZH[c.platform]} {c.name}{ident}"
    if isinstance(c, m.Newspaper):
        return c.name_zh
    if isinstance(c, m.Radio):
        return f"{c.station_zh} {c.frequency}《{c.programme_zh}》"
    return f"{c.what_zh}：见{c.where_zh}"


def reach_lines(ch: m.Channel, routes: tuple[int, ...] = ()) -> list[str]:
    """How to reach a channel, one line per way: dial sequences first, then the rest."""
    lines = []
    for d in dial_lines(ch, routes):
        label = f" ({d.label_zh})" if d.label_zh and len(ch.phones()[0].routes) > 1 else ""
        lines.append(d.sequence + label)
    lines += [contact_text(c) for c in ch.contacts if not isinstance(c, m.Phone)]
    return lines


def area_main_points(
    directory: m.Directory, area_id: str
) -> tuple[DialLine | None, m.Email | None, m.Web | m.System | None]:
    """An area's main phone line, its first mailbox and its first site, for the overview."""
    chans = directory.in_area(area_id)
    phone = next((d for c in chans for d in dial_lines(c)), None)
    mail = next((c for ch in chans for c in ch.contacts if isinstance(c, m.Email)), None)
    # A business system or a non-rules site says more about an area than its rule pages.
    sites = sorted(
        ((ch, c) for ch in chans for c in ch.contacts if isinstance(c, (m.Web, m.System))),
        key=lambda pair: (
            0 if isinstance(pair[1], m.System) else 2 if pair[0].kind is m.ChannelKind.RULES else 1
        ),
    )
    return phone, mail, sites[0][1] if sites else None
