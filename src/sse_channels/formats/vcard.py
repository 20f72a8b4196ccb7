"""vCard 3.0 cards of a set of channels (`export -f vcard [QUERY…]`): what a phone book holds.

One card per channel that a phone can use (a number, mailbox, link or address). A line with
a menu of branches (the technical hotline: 交易技术, 线路, 行业云…) keeps ONE card whose TELs
each carry a label: `itemN.TEL` grouped with `itemN.X-ABLabel`, the form iOS and macOS
Contacts write and show as the number's label, and which DAVx5 on Android maps to a custom
label (its list of supported fields says custom labels are kept); whether Google Contacts'
own file import keeps it is not verified. Readers that know neither keep the
`TYPE=WORK,VOICE` number and ignore the label, so nothing is lost. One card per branch
would instead split a channel into several contacts with the same name in the phone book.

`TEL` values are phone numbers, not text (RFC 2426 §3.3.1, RFC 6350 §6.4.1): they are written
without backslashes, `+864008888400,6,1959`, where each comma is a pause before the next key.
The readable sequence and the hours stay in NOTE, which is text and escaped as such.
"""

from __future__ import annotations

from collections.abc import Iterable

from sse_channels import model as m
from sse_channels.dial import dial_lines, e164
from sse_channels.l10n import _
from sse_channels.output import names
from sse_channels.output.plain import hours_text, quoted_zh
from sse_channels.textnorm import fold_content_line


def _text(value: str) -> str:
    """vCard 3.0 text escaping (RFC 2426 §4): backslash, semicolon, comma, newline."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def has_card(ch: m.Channel) -> bool:
    """Whether the channel has something a phone book can hold."""
    return any(
        isinstance(c, (m.Phone, m.Fax, m.Email, m.Address, m.Web, m.System)) for c in ch.contacts
    )


def card(ch: m.Channel, directory: m.Directory) -> str:
    """One vCard 3.0 card (CRLF lines, folded) for a channel that has_card."""
    area = directory.area(ch.area)
    area_zh = area.name_zh if area else ch.area
    full_name = _("SSE {name}").format(name=names.channel(ch))  # 上交所 投资者服务热线
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_text(full_name)}",
        f"N:{_text(ch.name_zh)};上交所;;;",
        f"ORG:上海证券交易所;{_text(area_zh)}",
        f"UID:urn:sse-channels:{ch.id}",
    ]
    notes = []
    dialled = dial_lines(ch)
    labelled = len(dialled) > 1
    for n, d in enumerate(dialled, 1):
        tel = d.tel_uri.removeprefix("tel:")  # a phone number: commas are pauses, unescaped
        if labelled and d.label_zh:
            lines.append(f"item{n}.TEL;TYPE=WORK,VOICE:{tel}")
            lines.append(f"item{n}.X-ABLabel:{_text(names.label(d))}")
        else:
            lines.append(f"TEL;TYPE=WORK,VOICE:{tel}")
        label = f"{names.label(d)}: " if d.label_zh else ""
        notes.append(f"{label}{d.sequence}")
    for c in ch.contacts:
        if isinstance(c, m.Fax):
            lines.append(f"TEL;TYPE=WORK,FAX:{e164(c.number)}")
            notes.append(_("fax {number}").format(number=c.number))
        elif isinstance(c, m.Email):
            lines.append(f"EMAIL;TYPE=INTERNET:{c.address}")
        elif isinstance(c, m.Web):
            lines.append(f"URL:{c.url}")
        elif isinstance(c, m.System):
            lines.append(f"URL:{c.url}")
            if c.ekey_url:
                lines.append(f"URL:{c.ekey_url}")
                notes.append(
                    _("{name}: log in with an EKey (digital certificate)").format(name=c.name_zh)
                )
        elif isinstance(c, m.Address):
            lines.append(f"ADR;TYPE=WORK:;;{_text(c.text_zh)};;;{c.postcode or ''};中国")
    hours = hours_text(ch)
    if ch.phones() and ch.hours is not None and ch.phone_hours is None:
        hours = _("not published")
    if hours:
        notes.append(_("hours: {hours}").format(hours=hours))
    notes += [quoted_zh(n) for n in ch.notes_zh]
    notes.append(names.summary(ch))
    lines.append(f"NOTE:{_text(chr(10).join(notes))}")
    lines.append("END:VCARD")
    return "\r\n".join(fold_content_line(line) for line in lines)


def to_vcard(channels: Iterable[m.Channel], directory: m.Directory) -> str:
    """The cards of these channels, in their order; channels with nothing to hold are left out."""
    cards = [card(ch, directory) for ch in channels if has_card(ch)]
    return "".join(c + "\r\n" for c in cards)
