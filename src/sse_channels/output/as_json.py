"""Machine formats: JSON records of every answer, and the CSV, vCard 3.0 and Markdown exports.

Everything that writes a file format lives here, beside `render.py` (which draws for terminals)
and `describe.py` (plain lines). `json_value(answer)` is the JSON formatter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from sse_channels import answers as ans
from sse_channels import model as m
from sse_channels._compat import assert_never
from sse_channels.dial import ARROW, dial_lines, e164, tel_uri
from sse_channels.l10n import source_language

from .plain import hours_text, reach_lines

if TYPE_CHECKING:
    from sse_channels.days.staffing import Status
    from sse_channels.directory.diff import Change
    from sse_channels.directory.linkcheck import Report
    from sse_channels.search import Reason


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


def day_dict(st: Status) -> dict[str, Any]:
    """A line's whole day (asked with a date alone): staffed that day or not, its windows that
    day, and the first opening from the day's start (that day's, else the next day's)."""
    opens = st.next_change if st.next_change_kind == "opens" else None
    return {
        "open": bool(st.today),
        "windows": [str(w) for w in st.today],
        "next_open": opens.isoformat() if opens else None,
        "estimated": st.estimated,
        "reason": st.reason,
    }


def _state_dict(st: Status, whole_day: bool) -> dict[str, Any]:
    return day_dict(st) if whole_day else status_dict(st)


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
            **({"day": report.day.isoformat()} if report.day else {}),
            "status": _state_dict(a.status, report.whole_day) if a.status else None,
            "unlisted": (
                None
                if a.unlisted is None
                else {
                    "what_zh": a.unlisted.what_zh,
                    "where_zh": a.unlisted.where_zh,
                    "channel": a.unlisted.channel_id,
                    "hours": hours_text(a.channel) if a.unlisted_status else "not published",
                    "status": (
                        _state_dict(a.unlisted_status, report.whole_day)
                        if a.unlisted_status
                        else None
                    ),
                }
            ),
            "instead_of": report.instead_of.id if report.instead_of else None,
            "reach": reach_lines(a.channel),
        }
        for a in report.answers
    ]


def hours_dict(report: ans.HoursReport) -> dict[str, Any]:
    """The day (a date alone) or the instant asked, and each line's staffing then."""
    day = report.day
    when = (
        {"day": report.at.date().isoformat()} if report.whole_day else {"at": report.at.isoformat()}
    )
    return {
        **when,
        "trading_day": day.trading,
        "working_day": day.working,
        "estimated": day.estimated,
        "reason": day.reason,
        "lines": [
            {
                **channel_head(c, report.directory),
                "hours_published": st is not None,
                **(_whole_day_line(c, st) if report.whole_day else _instant_line(c, st)),
            }
            for c, st in report.rows
        ],
    }


def _whole_day_line(c: m.Channel, st: Status | None) -> dict[str, Any]:
    return {
        "meaning": c.hours.meaning.value if c.hours else None,
        **(day_dict(st) if st else {"open": None, "windows": []}),
    }


def _instant_line(c: m.Channel, st: Status | None) -> dict[str, Any]:
    return {
        "windows": [str(w) for w in c.hours.windows] if c.hours else [],
        "meaning": c.hours.meaning.value if c.hours else None,
        **(status_dict(st) if st else {"open": None}),
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
    indenting encoder is pure Python and is imported for it alone). For
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
                    "confidence": conf,
                    "routes": list(r.routes),
                    **channel_dict(r.channel, answer.directory),
                    **(
                        {"tier": _code(r.tier.name), "reasons": [reason_dict(x) for x in r.reasons]}
                        if answer.explain
                        else {}
                    ),
                }
                for r, conf in zip(
                    answer.results,
                    answer.confidence or ("high",) * len(answer.results),
                    strict=True,
                )
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
            return report_dicts(answer.report)
        case ans.DirectoryDiff():
            return change_dicts(answer.changes)
        case _:
            assert_never(answer)


def change_dicts(changes: Sequence[Change]) -> list[dict[str, str | None]]:
    return [
        {
            "kind": c.kind.value,
            "record": c.record.value,
            "id": c.id,
            "path": c.path,
            "old": c.old,
            "new": c.new,
        }
        for c in changes
    ]


def report_dicts(report: Report) -> list[dict[str, object]]:
    """The report as JSON-ready values with language-neutral keys."""
    return [
        {
            "url": r.link.url,
            "verdict": r.verdict.value,
            "answered": r.answered,
            "status": r.status,
            "final_url": r.final_url,
            "redirects": [{"status": h.status, "url": h.url} for h in r.redirects],
            "method": r.method,
            "detail": r.detail,
            "origins": [
                {
                    "id": o.channel_id,
                    "field": o.field,
                    "source": {"row": o.source.row, "item": o.source.item, "page": o.source.page},
                }
                for o in r.link.origins
            ],
        }
        for r in report.results
    ]
