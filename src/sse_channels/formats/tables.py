"""The directory as files for other programs: CSV and Markdown tables, and every export
format (JSON, CSV, vCard, Markdown) encoded for `export`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.dial import dial_lines, tel_uri
from sse_channels.errors import UsageError
from sse_channels.formats.csvsafe import csv_safe
from sse_channels.l10n import N_, _, in_language, source_language, speaking
from sse_channels.l10n import current as current_lang
from sse_channels.output.as_json import directory_dict, to_json
from sse_channels.output.plain import contact_text, dates_text, hours_text, reach_lines
from sse_channels.textnorm import clean

CSV_COLUMNS = (
    "id",
    "area_zh",
    "name_zh",
    "name_en",
    "contact",
    "label",
    "value",
    "tel",
    "hours",
    "response",
)
# Column titles for `--header zh`: the same columns and codes, titled for a person.
CSV_TITLES = {
    "id": N_("id"),
    "area_zh": N_("area"),
    "name_zh": N_("Chinese name"),
    "name_en": N_("English name"),
    "contact": N_("contact"),
    "label": N_("label"),
    "value": N_("value"),
    "tel": N_("tel"),
    "hours": N_("hours"),
    "response": N_("response time"),
}


def _csv_points(ch: m.Channel) -> list[tuple[str, str, str, str]]:
    """(contact type, label, value, tel URI) for every contact point of a channel."""
    rows: list[tuple[str, str, str, str]] = []
    for d in dial_lines(ch):
        rows.append(("phone", d.label_zh, d.sequence, d.tel_uri))
    for c in ch.contacts:
        match c:
            case m.Phone():
                pass  # every route is a row above
            case m.Fax():
                rows.append(("fax", "", c.number, tel_uri(c.number)))
            case m.Email():
                rows.append(("email", "", c.address, ""))
            case m.Web():
                rows.append(("web", c.title_zh, c.url, ""))
            case m.System():
                rows.append(("system", c.name_zh, c.url, ""))
                if c.ekey_url:
                    rows.append(("ekey", f"{c.name_zh} EKey", c.ekey_url, ""))
            case m.Address():
                rows.append(("address", "", contact_text(c), ""))
            case m.Account():
                ident = f" ({c.account_id})" if c.account_id else ""
                label = m.PLATFORM_ZH[c.platform]  # the data's label, as in every language
                rows.append((c.platform.value, label, f"{label} {c.name}{ident}", ""))
            case m.Newspaper() | m.Radio():
                rows.append((type(c).__name__.lower(), "", contact_text(c), ""))
            case m.Via():
                rows.append(("via", c.what_zh, c.where_zh, ""))
            case _:
                assert_never(c)
    return rows


def _point_hours(ch: m.Channel, contact: str) -> str:
    """The channel's hours, except on a phone line that the annex gives none for."""
    if contact == "phone" and ch.hours is not None and ch.phone_hours is None:
        return _("not published")
    return hours_text(ch)


def csv_header(lang: str | None = None) -> list[str]:
    """The header row: the column codes in English, titles for a person in Chinese."""
    if (lang or current_lang().value) == "zh":
        zh = in_language("zh")
        return [zh.gettext(CSV_TITLES[c]) for c in CSV_COLUMNS]
    return list(CSV_COLUMNS)


def to_csv(
    directory: m.Directory,
    channels: Sequence[m.Channel] | None = None,
    header: str | None = None,
) -> str:
    """One row per contact point: every phone route, fax, mailbox, link, address and account.
    The header follows `header` (zh or en, default the interface language); the rows are the
    same codes and values in every language."""
    import csv  # only for a CSV export: not on every command's start
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(csv_header(header))
    with speaking(header or current_lang().value):  # codes stay; prose (hours) as the header
        _csv_rows(w, directory, directory.channels if channels is None else channels)
    return buf.getvalue()


def _csv_rows(w: Any, directory: m.Directory, channels: Sequence[m.Channel]) -> None:
    for ch in channels:
        area = directory.area(ch.area)
        response = f"{ch.response.amount} {ch.response.unit.value}" if ch.response else ""
        for contact, label, value, tel in _csv_points(ch):
            number = contact in ("phone", "fax")  # only a number may keep a leading +
            w.writerow(
                (
                    csv_safe(ch.id),
                    csv_safe(area.name_zh if area else ch.area),
                    csv_safe(ch.name_zh),
                    csv_safe(ch.name_en),
                    csv_safe(contact),
                    csv_safe(label),
                    csv_safe(value, number=number),
                    csv_safe(tel, number=number),
                    csv_safe(_point_hours(ch, contact)),
                    csv_safe(response),
                )
            )


_MD_SPECIAL = re.compile(r"[\\|\[\]]")  # a backslash, a cell's end, a link or an image
_MD_HTML = {"<": "&lt;", ">": "&gt;"}
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # `&amp;` would otherwise read as `&`


def _md(text: str) -> str:
    """Text for a Markdown table cell, shown as written: no HTML tag, link, image or entity
    takes effect, a pipe does not end the cell and a final backslash does not escape it."""
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), clean(text).replace("\n", " "))
    text = _MD_ENTITY.sub("&amp;", text)
    return "".join(_MD_HTML.get(ch, ch) for ch in text)


def to_markdown(directory: m.Directory, channels: Sequence[m.Channel] | None = None) -> str:
    chosen = {c.id for c in (directory.channels if channels is None else channels)}
    parts = [f"# {_md(directory.title_zh)}", "", f"*{_md(dates_text(directory.dates))}*", ""]
    for area in directory.areas:
        in_area = [c for c in directory.in_area(area.id) if c.id in chosen]
        if not in_area:
            continue
        parts += [f"## {_md(area.name_zh)} ({_md(area.name_en)})", ""]
        titles = (_("Channel"), _("How to reach"), _("Hours"))
        parts += ["| {} | {} | {} |".format(*titles), "| --- | --- | --- |"]
        for ch in in_area:
            reach = "<br>".join(_md(x) for x in reach_lines(ch))
            parts.append(f"| {_md(ch.name_zh)} | {reach} | {_md(hours_text(ch)) or '—'} |")
        parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------------- the export command

TEXT_FORMATS = ("csv", "markdown")  # JSON and vCard are UTF-8 by definition


def encoded(
    directory: m.Directory,
    fmt: str,
    encoding: str = "",
    *,
    bom: bool = True,
    channels: Sequence[m.Channel] | None = None,
    header: str | None = None,
) -> tuple[bytes, str]:
    """The whole directory in `fmt` (json, csv, vcard, markdown), encoded; and the encoding.

    CSV defaults to UTF-8 with a BOM where `bom` (a file: spreadsheet programs then read the
    Chinese right), plain UTF-8 otherwise (a pipe); `encoding` chooses explicitly."""
    enc = (encoding or ("utf-8-sig" if fmt == "csv" and bom else "utf-8")).lower()
    enc = "utf-8" if enc == "utf8" else enc
    allowed = ("utf-8", "utf-8-sig", "gb18030") if fmt in TEXT_FORMATS else ("utf-8",)
    if enc not in allowed:
        raise UsageError(
            _("{format} is written in {allowed}, not {encoding}").format(
                format=fmt, allowed=_(" or ").join(allowed), encoding=repr(clean(enc))
            )
        )
    chans = directory.channels if channels is None else channels

    def vcard() -> str:
        from .vcard import to_vcard

        return to_vcard(chans, directory)

    def neutral_json() -> str:
        with source_language():
            return to_json(directory_dict(directory, chans)) + "\n"

    writers: dict[str, Callable[[], str]] = {
        "json": neutral_json,
        "csv": lambda: to_csv(directory, chans, header),
        "vcard": vcard,
        "markdown": lambda: to_markdown(directory, chans) + "\n",
    }
    return writers[fmt]().encode(enc), enc
