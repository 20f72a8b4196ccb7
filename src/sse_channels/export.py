"""Machine formats: JSON records of every answer, and the CSV, vCard 3.0 and Markdown exports.

Everything that writes a file format lives here, beside `render.py` (which draws for terminals)
and `describe.py` (plain lines). `json_value(answer)` is the JSON formatter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from . import answers as ans
from . import model as m
from ._compat import assert_never
from .csvsafe import csv_safe
from .describe import contact_text, dates_text, hours_text, reach_lines
from .dial import ARROW, dial_lines, e164, tel_uri
from .errors import UsageError
from .l10n import N_, _, in_language, source_language, speaking
from .l10n import current as current_lang
from .textnorm import clean

if TYPE_CHECKING:
    from .schedule import Status
    from .search import Reason


def _hours(h: m.Hours | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "days": h.days.value,
        "meaning": h.meaning.value,
        "windows": [str(w) for w in h.windows],
    }


def contact_dict(c: m.Contact) -> dict[str, Any]:
    match c:
        case m.Phone():
            return {
                "type": "phone",
                "number": c.number,
                "e164": e164(c.number),
                "label_zh": c.label_zh,
                "routes": [
                    {
                        "steps": list(r.steps),
                        "label_zh": r.label_zh,
                        "label_en": r.label_en,
                        "aliases": list(r.aliases),
                        "sequence": ARROW.join((c.number, *r.steps)),
                        "tel": tel_uri(c.number, r.steps),
                    }
                    for r in c.routes
                ],
                "tel": tel_uri(c.number),
                "hours_published": c.hours_published,
            }
        case m.Fax():
            return {"type": "fax", "number": c.number, "e164": e164(c.number)}
        case m.Email():
            return {"type": "email", "address": c.address, "uri": f"mailto:{c.address}"}
        case m.Web():
            return {"type": "web", "url": c.url, "title_zh": c.title_zh, "title_en": c.title_en}
        case m.System():
            return {
                "type": "system",
                "name_zh": c.name_zh,
                "url": c.url,
                "login": [a.value for a in c.login],
                "login_zh": [m.AUDIENCE_ZH[a] for a in c.login],
                "ekey": c.ekey_url is not None,
                "ekey_url": c.ekey_url,
                "portal_zh": c.portal_zh,
                "functions_zh": c.functions_zh,
            }
        case m.Address():
            return {"type": "address", "text_zh": c.text_zh, "postcode": c.postcode}
        case m.Account():
            return {
                "type": "account",
                "platform": c.platform.value,
                "platform_zh": m.PLATFORM_ZH[c.platform],
                "name": c.name,
                "id": c.account_id,
            }
        case m.Newspaper():
            return {"type": "newspaper", "name_zh": c.name_zh}
        case m.Radio():
            return {
                "type": "radio",
                "station_zh": c.station_zh,
                "frequency": c.frequency,
                "programme_zh": c.programme_zh,
            }
        case m.Via():
            return {
                "type": "via",
                "what_zh": c.what_zh,
                "where_zh": c.where_zh,
                "channel": c.channel_id,
            }
        case _:
            assert_never(c)


def channel_head(ch: m.Channel, directory: m.Directory) -> dict[str, Any]:
    """What names a channel in every command's JSON: `id`, its names and its area, the same
    keys in the same places everywhere."""
    area = directory.area(ch.area)
    return {
        "id": ch.id,
        "name_zh": ch.name_zh,
        "name_en": ch.name_en,
        "area": {
            "id": ch.area,
            "name_zh": area.name_zh if area else "",
            "name_en": area.name_en if area else "",
        },
    }


def channel_dict(ch: m.Channel, directory: m.Directory) -> dict[str, Any]:
    """Every field of a channel, plus what is derived from it (dial sequences, tel: URIs)."""
    return {
        **channel_head(ch, directory),
        "kind": ch.kind.value,
        "summary_zh": ch.summary_zh,
        "summary_en": ch.summary_en,
        "aliases": list(ch.aliases),
        "audience": [a.value for a in ch.audience],
        "audience_zh": [m.AUDIENCE_ZH[a] for a in ch.audience],
        "contacts": [contact_dict(c) for c in ch.contacts],
        "dial": [
            {
                "label_zh": d.label_zh,
                "label_en": d.label_en,
                "sequence": d.sequence,
                "tel": d.tel_uri,
            }
            for d in dial_lines(ch)
        ],
        "hours": _hours(ch.hours),
        "hours_published": ch.hours is not None,
        "response": (
            None
            if ch.response is None
            else {
                "amount": ch.response.amount,
                "unit": ch.response.unit.value,
                "text_zh": ch.response.text_zh,
            }
        ),
        "notes_zh": list(ch.notes_zh),
        "source": {"row": ch.source.row, "item": ch.source.item, "page": ch.source.page}
        | ({"derived": ch.source.derived} if ch.source.derived else {}),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def directory_dict(d: m.Directory, channels: Sequence[m.Channel] | None = None) -> dict[str, Any]:
    """The whole directory (or these of its channels): title, dates, areas, every field."""
    chans = d.channels if channels is None else channels
    areas = {c.area for c in chans}
    return {
        "title_zh": d.title_zh,
        "source_document_zh": d.source_document_zh,
        "dates": {
            "document": _iso(d.dates.document),
            "transcribed": _iso(d.dates.transcribed),
            "checked": _iso(d.dates.checked),
        },
        "areas": [
            {"id": a.id, "name_zh": a.name_zh, "name_en": a.name_en, "aliases": list(a.aliases)}
            for a in d.areas
            if a.id in areas
        ],
        "channels": [channel_dict(c, d) for c in chans],
    }


def status_dict(st: Status) -> dict[str, Any]:
    return {
        "open": st.open,
        "trading_day": st.trading_day,
        "today": [str(w) for w in st.today],
        "next_change": st.next_change.isoformat() if st.next_change else None,
        "next_change_kind": st.next_change_kind,
        "estimated": st.estimated,
        "reason": st.reason,
    }


def dial_dicts(report: ans.DialReport) -> list[dict[str, Any]]:
    return [
        {
            **channel_head(a.channel, report.directory),
            "summary_zh": a.channel.summary_zh,
            "lines": [
                {
                    "label_zh": d.label_zh,
                    "label_en": d.label_en,
                    "sequence": d.sequence,
                    "tel": d.tel_uri,
                }
                for d in a.lines
            ],
            "hours": (hours_text(a.channel) if a.status else "not published" if a.lines else None),
            "status": status_dict(a.status) if a.status else None,
            "unlisted": (
                None
                if a.unlisted is None
                else {
                    "what_zh": a.unlisted.what_zh,
                    "where_zh": a.unlisted.where_zh,
                    "channel": a.unlisted.channel_id,
                    "hours": hours_text(a.channel) if a.unlisted_status else "not published",
                    "status": status_dict(a.unlisted_status) if a.unlisted_status else None,
                }
            ),
            "instead_of": report.instead_of.id if report.instead_of else None,
            "reach": reach_lines(a.channel),
        }
        for a in report.answers
    ]


def hours_dict(report: ans.HoursReport) -> dict[str, Any]:
    day = report.day
    return {
        "at": report.at.isoformat(),
        "trading_day": day.trading,
        "working_day": day.working,
        "estimated": day.estimated,
        "reason": day.reason,
        "lines": [
            {
                **channel_head(c, report.directory),
                "hours_published": st is not None,
                "windows": [str(w) for w in c.hours.windows] if c.hours else [],
                "meaning": c.hours.meaning.value if c.hours else None,
                **(status_dict(st) if st else {"open": None}),
            }
            for c, st in report.rows
        ],
    }


def due_dicts(report: ans.DueReport) -> list[dict[str, Any]]:
    return [
        {
            **channel_head(a.channel, report.directory),
            "from": a.deadline.start.isoformat(),
            "working_days": a.response.amount,
            "due": a.deadline.due.isoformat(),
            "undertaking_zh": a.response.text_zh,
            "skipped": [
                {"date": x.date.isoformat(), "name_zh": x.name_zh} for x in a.deadline.skipped
            ],
            "makeup_workday": a.makeup,
            "estimated": a.deadline.estimated,
            "reason": a.deadline.reason,
        }
        for a in report.answers
    ]


def _code(name: str) -> str:
    """A stable lower-case code for an enum member or a step name: `name_zh`, `chinese_text`."""
    return name.lower().replace(" ", "_")


def reason_dict(x: Reason) -> dict[str, Any]:
    """Why a search result matched one term (`search --explain --json`): codes, not words."""
    out: dict[str, Any] = {
        "term": x.term,
        "field": _code(x.field.name),
        "key": x.key,
        "kind": _code(x.kind.name),
        "tier": _code(x.tier.name),
        "score": x.score,
        "step": _code(x.step),
        "text": x.text,
    }
    if x.topic is not None:
        t, src = x.topic, x.topic.source
        out["topic"] = {
            "id": t.id,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "channel": t.channel,
            "route": list(t.route),
            "source": {
                "law": src.law,
                "annex": src.annex,
                "reason_zh": src.reason_zh,
                "unsure": src.unsure,
                "quote_zh": src.quote_zh,
            },
            "note_zh": t.note_zh,
        }
    if x.near is not None:
        out["near"] = {"place_zh": x.near.place_zh, "city_zh": x.near.city_zh, "km": x.near.km}
    return out


def to_json(value: Any) -> str:
    """UTF-8 JSON, not \\u-escaped, indented for people and stable for diffs.

    Written by msgspec's encoder, loaded with the records anyway (the standard library's
    indenting encoder is pure Python: about 2 ms of a `search --json`, import included). For
    what the tool writes (strings, integers, floats rounded to four places, string keys) the
    bytes are those of `json.dumps(value, ensure_ascii=False, indent=2)`, which
    tests/test_output.py holds over every answer; what msgspec refuses, such as a lone
    surrogate from a command line that is not UTF-8, goes through `json.dumps` itself."""
    try:
        return msgspec.json.format(msgspec.json.encode(value), indent=2).decode()
    except (UnicodeEncodeError, TypeError, msgspec.EncodeError):
        import json

        return json.dumps(value, ensure_ascii=False, indent=2)


def json_value(answer: ans.Answer) -> Any:
    """The JSON form of an answer: language-neutral keys, values as in the data, the same
    bytes whatever the interface language."""
    with source_language():
        return _json_value(answer)


def _json_value(answer: ans.Answer) -> Any:
    match answer:
        case ans.SearchAnswer():
            return [
                {
                    "score": r.score,
                    "routes": list(r.routes),
                    **channel_dict(r.channel, answer.directory),
                    **(
                        {"tier": _code(r.tier.name), "reasons": [reason_dict(x) for x in r.reasons]}
                        if answer.explain
                        else {}
                    ),
                }
                for r in answer.results
            ]
        case ans.ShowAnswer() | ans.ListAnswer():
            return [channel_dict(c, answer.directory) for c in answer.channels]
        case ans.DialReport():
            return dial_dicts(answer)
        case ans.HoursReport():
            return hours_dict(answer)
        case ans.DueReport():
            return due_dicts(answer)
        case ans.Overview():
            return directory_dict(answer.directory)
        case ans.LinkAnswer():
            return {"url": answer.url}
        case ans.Validation():
            return {
                "file": answer.file,
                "valid": not answer.problems,
                "areas": answer.areas,
                "channels": answer.channels,
                "problems": [
                    {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                    for p in answer.problems
                ],
                "topics": None
                if answer.topics_file is None
                else {
                    "file": answer.topics_file,
                    "topics": answer.topics,
                    "places": answer.places,
                },
            }
        case ans.LinkCheck():
            from .linkcheck import report_dicts

            return report_dicts(answer.report)
        case ans.DirectoryDiff():
            from .dirdiff import change_dicts

            return change_dicts(answer.changes)
        case _:
            assert_never(answer)


# --------------------------------------------------------------------------- export formats

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
                rows.append((c.platform.value, m.PLATFORM_ZH[c.platform], contact_text(c), ""))
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
            w.writerow(
                csv_safe(cell)
                for cell in (
                    ch.id,
                    area.name_zh if area else ch.area,
                    ch.name_zh,
                    ch.name_en,
                    contact,
                    label,
                    value,
                    tel,
                    _point_hours(ch, contact),
                    response,
                )
            )


def _md(text: str) -> str:
    return clean(text).replace("|", "\\|").replace("\n", " ")


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
