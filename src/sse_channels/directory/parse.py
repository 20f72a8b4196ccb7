"""Read and validate a channel directory file into `model.Directory`.

The YAML is composed into nodes (not constructed into Python objects), so every value keeps
its line number, duplicate keys are seen, and no tag can build an object. The same validator
serves the packaged file, `--data FILE` and `sse-channels validate`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import yaml

from sse_channels import model as m
from sse_channels.errors import DataError, Problem
from sse_channels.files import decode, packaged_bytes, read_bytes
from sse_channels.l10n import N_  # problems keep English; output.plain.problem_text translates them

from .checker import UNKNOWN_VALUE, Checker, kind
from .rules import (
    CHANNEL_ID_RE,
    EMAIL_RE,
    ID_RE,
    ITEM_RE,
    MAX_AMOUNT,
    MAX_STEPS,
    PHONE_RE,
    POSTCODE_RE,
    QQ_RE,
    STEP_RE,
    URL_RE,
    WINDOW_RE,
)
from .yamlsafe import compose

# ----------------------------------------------------------------------------- records


def _window(c: Checker, node: yaml.Node, path: str) -> m.Window | None:
    text = c.string(node, path, WINDOW_RE, "time window (expected HH:MM-HH:MM)")
    if text is None:
        return None
    match = WINDOW_RE.fullmatch(text)
    assert match is not None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end <= start:
        c.problem(node, path, N_("window {window} ends before it starts"), window=repr(text))
        return None
    return m.Window(start, end)


def _hours(c: Checker, node: yaml.Node, path: str) -> m.Hours | None:
    f = c.mapping(node, path, ("days", "windows"), ("meaning",))
    if f is None or "days" not in f or "windows" not in f:
        return None
    days = c.enum(f["days"], f"{path}.days", m.DayBasis)
    windows = c.items(f["windows"], f"{path}.windows", lambda n, p: _window(c, n, p))
    meaning = m.HoursMeaning.STAFFED
    if "meaning" in f:
        meaning = c.enum(f["meaning"], f"{path}.meaning", m.HoursMeaning) or meaning
    if not windows:
        c.problem(f["windows"], f"{path}.windows", N_("at least one window is required"))
        return None
    for a, b in itertools.pairwise(windows):
        if b.start < a.end:
            c.problem(
                f["windows"],
                f"{path}.windows",
                N_("windows {a} and {b} overlap or are out of order"),
                a=a,
                b=b,
            )
            return None
    return m.Hours(days, windows, meaning) if days else None


def _response(c: Checker, node: yaml.Node, path: str) -> m.Response | None:
    f = c.mapping(node, path, ("amount", "unit", "text_zh"))
    if f is None or len(f) < 3:
        return None
    amount = c.integer(f["amount"], f"{path}.amount", minimum=1, maximum=MAX_AMOUNT)
    unit = c.enum(f["unit"], f"{path}.unit", m.ResponseUnit)
    text = c.string(f["text_zh"], f"{path}.text_zh")
    if amount is None or unit is None or text is None:
        return None
    return m.Response(amount, unit, text)


def _route(c: Checker, node: yaml.Node, path: str) -> m.Route | None:
    f = c.mapping(node, path, ("steps",), ("label_zh", "label_en", "aliases"))
    if f is None or "steps" not in f:
        return None
    steps = c.items(
        f["steps"], f"{path}.steps", lambda n, p: c.string(n, p, STEP_RE, N_("IVR step (digits)"))
    )
    if not steps:
        c.problem(f["steps"], f"{path}.steps", N_("at least one step is required"))
        return None
    if len(steps) > MAX_STEPS:
        c.problem(
            f["steps"],
            f"{path}.steps",
            N_("{n} steps; the limit is {limit}"),
            n=len(steps),
            limit=MAX_STEPS,
        )
        return None
    return m.Route(
        steps=steps,
        label_zh=_text(c, f, "label_zh", path),
        label_en=_text(c, f, "label_en", path),
        aliases=c.strings(f["aliases"], f"{path}.aliases") if "aliases" in f else (),
    )


def _text(c: Checker, f: dict[str, yaml.Node], key: str, path: str) -> str:
    if key not in f:
        return ""
    return c.string(f[key], f"{path}.{key}") or ""


_PHONE_MSG = N_("phone number (expected e.g. 4008888400, 021-68601281 or 18918200578)")
_FAX_MSG = N_("fax number (expected e.g. 4008888400, 021-68601281 or 18918200578)")


def _contact(c: Checker, node: yaml.Node, path: str, ekey_url: str | None) -> m.Contact | None:
    """One contact, read field by field from its row of `_CONTACTS`."""
    kind = _contact_type(c, node, path)
    if kind is None:
        return None
    make, fields = _CONTACTS[kind]
    f = c.mapping(
        node,
        path,
        ("type", *(x.key for x in fields if x.required)),
        tuple(x.key for x in fields if not x.required),
    )
    if f is None:
        return None
    values: dict[str, object] = {}
    complete = True
    for x in fields:
        if x.key not in f:
            complete = complete and not x.required
            values[x.attr or x.key] = x.default
            continue
        value = x.read(c, f[x.key], f"{path}.{x.key}")
        if value is None and x.required:
            complete = False
        values[x.attr or x.key] = x.default if value is None else value
    if not complete:
        return None
    if kind == "system":  # the file gives ekey: true/false; the record keeps the URL to get one
        values["ekey_url"] = ekey_url if values["ekey_url"] else None
    qq = values.get("account_id") if values.get("platform") is m.Platform.QQ_GROUP else None
    if isinstance(qq, str) and not QQ_RE.fullmatch(qq):
        c.problem(f["id"], f"{path}.id", N_("malformed QQ group number: {value}"), value=repr(qq))
        return None
    return make(**values)


_Read = Callable[["Checker", yaml.Node, str], object]


@dataclass(frozen=True)
class _Field:
    """One key of a contact: its reader, whether it is required, and the record's field name."""

    key: str
    read: _Read
    required: bool = True
    default: object = None
    attr: str | None = None  # the record's field, when it is not named like the key


def _str(pattern: re.Pattern[str] | None = None, what: str = "") -> _Read:
    return lambda c, n, p: c.string(n, p, pattern, what)


def _opt(key: str, default: object = "", attr: str | None = None) -> _Field:
    return _Field(key, _str(), False, default, attr)


def _enum_of(enum: type[Enum]) -> _Read:
    return lambda c, n, p: c.enum(n, p, enum)


def _bool(c: Checker, n: yaml.Node, p: str) -> object:
    return c.boolean(n, p)


def _routes(c: Checker, n: yaml.Node, p: str) -> object:
    return c.items(n, p, lambda n2, p2: _route(c, n2, p2))


def _login(c: Checker, n: yaml.Node, p: str) -> object:
    return c.items(n, p, lambda n2, p2: c.enum(n2, p2, m.Audience))


_PHONE = _str(PHONE_RE, _PHONE_MSG)
_URL = _str(URL_RE, N_("URL"))

# The contact schema, once: for each `type`, the record it builds and its keys in order.
_CONTACTS: dict[str, tuple[Callable[..., m.Contact], tuple[_Field, ...]]] = {
    "phone": (m.Phone, (
        _Field("number", _PHONE), _Field("routes", _routes, False, ()), _opt("label_zh"),
        _Field("hours_published", _bool, False, True),
    )),
    "fax": (m.Fax, (_Field("number", _str(PHONE_RE, _FAX_MSG)),)),
    "email": (m.Email, (_Field("address", _str(EMAIL_RE, N_("e-mail address"))),)),
    "web": (m.Web, (_Field("url", _URL), _Field("title_zh", _str()), _opt("title_en"))),
    "system": (m.System, (
        _Field("name_zh", _str()), _Field("url", _URL), _Field("login", _login),
        _Field("ekey", _bool, attr="ekey_url"), _Field("portal_zh", _str()),
        _Field("functions_zh", _str()),
    )),
    "address": (m.Address, (
        _Field("text_zh", _str()),
        _Field("postcode", _str(POSTCODE_RE, N_("postal code (six digits)")), False),
    )),
    "account": (m.Account, (
        _Field("platform", _enum_of(m.Platform)), _Field("name", _str()),
        _opt("id", None, "account_id"),
    )),
    "newspaper": (m.Newspaper, (_Field("name_zh", _str()),)),
    "radio": (m.Radio, (
        _Field("station_zh", _str()), _Field("frequency", _str()), _Field("programme_zh", _str()),
    )),
    "via": (m.Via, (
        _Field("what_zh", _str()), _Field("where_zh", _str()), _opt("channel", None, "channel_id"),
    )),
}  # fmt: skip


def _contact_type(c: Checker, node: yaml.Node, path: str) -> str | None:
    """Peek at a contact's `type` (read again, with its line, by `mapping`)."""
    if not isinstance(node, yaml.MappingNode):
        c.mapping(node, path, ("type",))  # reports what the node is instead
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "type":
            if isinstance(value, yaml.ScalarNode) and value.value in _CONTACTS:
                return str(value.value)
            allowed = ", ".join(_CONTACTS)
            c.problem(
                value,
                f"{path}.type",
                N_("unknown contact type {value}; allowed: {allowed}"),
                value=repr(value.value),
                allowed=allowed,
            )
            return None
    c.problem(node, f"{path}.type", N_("missing required key"))
    return None


def _source(c: Checker, node: yaml.Node, path: str) -> m.Source | None:
    f = c.mapping(node, path, ("row", "item", "page"), ("derived",))
    if f is None or len(f.keys() & {"row", "item", "page"}) < 3:
        return None
    row = c.string(f["row"], f"{path}.row")
    item = c.string(f["item"], f"{path}.item", ITEM_RE, N_("item number (e.g. 4 or 4(1))"))
    page = c.integer(f["page"], f"{path}.page", minimum=1)
    derived = ""
    if "derived" in f:
        derived = c.string(f["derived"], f"{path}.derived") or ""
        if derived and derived not in m.SOURCE_DERIVED:
            allowed = ", ".join(m.SOURCE_DERIVED)
            c.problem(
                f["derived"], f"{path}.derived", UNKNOWN_VALUE, value=repr(derived), allowed=allowed
            )
            return None
    return m.Source(row, item, page, derived) if row and item and page else None


_AREA_KEYS = ("id", "name_zh", "name_en", "aliases")
_CHANNEL_REQUIRED = (
    "id", "area", "kind", "name_zh", "name_en", "summary_zh", "summary_en",
    "aliases", "audience", "contacts", "source",
)  # fmt: skip
_CHANNEL_OPTIONAL = ("hours", "response", "notes_zh")


def _area(c: Checker, node: yaml.Node, path: str) -> m.Area | None:
    f = c.mapping(node, path, _AREA_KEYS)
    if f is None or len(f) < len(_AREA_KEYS):
        return None
    area_id = c.string(f["id"], f"{path}.id", ID_RE, N_("id (lowercase letters, digits, dashes)"))
    zh, en = c.string(f["name_zh"], f"{path}.name_zh"), c.string(f["name_en"], f"{path}.name_en")
    aliases = c.strings(f["aliases"], f"{path}.aliases")
    return m.Area(area_id, zh, en, aliases) if area_id and zh and en else None


def _channel(c: Checker, node: yaml.Node, path: str, ekey_url: str | None) -> m.Channel | None:
    f = c.mapping(node, path, _CHANNEL_REQUIRED, _CHANNEL_OPTIONAL)
    if f is None or any(k not in f for k in _CHANNEL_REQUIRED):
        return None
    cid = c.string(f["id"], f"{path}.id", CHANNEL_ID_RE, N_("channel id (expected AREA.NAME)"))
    area = c.string(f["area"], f"{path}.area")
    kind = c.enum(f["kind"], f"{path}.kind", m.ChannelKind)
    texts = {
        k: c.string(f[k], f"{path}.{k}") for k in ("name_zh", "name_en", "summary_zh", "summary_en")
    }
    aliases = c.strings(f["aliases"], f"{path}.aliases")
    audience = c.items(f["audience"], f"{path}.audience", lambda n, p: c.enum(n, p, m.Audience))

    def contact(n: yaml.Node, p: str) -> m.Contact | None:
        return _contact(c, n, p, ekey_url)

    contacts: tuple[m.Contact, ...] = c.items(f["contacts"], f"{path}.contacts", contact)
    if not contacts and not any(p.field.startswith(f"{path}.contacts") for p in c.problems):
        c.problem(f["contacts"], f"{path}.contacts", N_("at least one contact is required"))
    source = _source(c, f["source"], f"{path}.source")
    hours = _hours(c, f["hours"], f"{path}.hours") if "hours" in f else None
    response = _response(c, f["response"], f"{path}.response") if "response" in f else None
    notes = c.strings(f["notes_zh"], f"{path}.notes_zh") if "notes_zh" in f else ()
    if cid and area and not cid.startswith(area + "."):
        c.problem(
            f["id"],
            f"{path}.id",
            N_("id {id} must start with its area {area} and a dot"),
            id=repr(cid),
            area=repr(area),
        )
    if not (cid and area and kind and source and all(texts.values())):
        return None
    return m.Channel(
        id=cid,
        area=area,
        kind=kind,
        name_zh=texts["name_zh"] or "",
        name_en=texts["name_en"] or "",
        summary_zh=texts["summary_zh"] or "",
        summary_en=texts["summary_en"] or "",
        aliases=aliases,
        audience=audience,
        contacts=contacts,
        source=source,
        hours=hours,
        response=response,
        notes_zh=notes,
    )


_TOP_REQUIRED = ("schema", "title_zh", "source_document_zh", "areas", "channels")
SCHEMA_VERSION = 1


def parse(text: str, file: str) -> m.Directory:
    """Validate YAML text and build the directory; raise `DataError` listing every problem."""
    c = Checker(file, text)
    root = compose(text, file)
    if root is None:
        raise DataError([Problem(file, None, "", N_("the file is empty"))])
    f = c.mapping(root, "", _TOP_REQUIRED, ("ekey_url", "dates"))
    if f is None:
        raise DataError(c.problems + c.more())
    if "schema" in f:
        c.schema(f["schema"], SCHEMA_VERSION)
    ekey_url = c.string(f["ekey_url"], "ekey_url", URL_RE, N_("URL")) if "ekey_url" in f else None
    areas = c.items(f["areas"], "areas", lambda n, p: _area(c, n, p)) if "areas" in f else ()
    channels = (
        c.items(f["channels"], "channels", lambda n, p: _channel(c, n, p, ekey_url))
        if "channels" in f
        else ()
    )
    dates = _dates(c, f["dates"], "dates") if "dates" in f else m.DirectoryDates()
    _cross_check(c, f, areas, channels)
    if c.problems:
        raise DataError(sorted(c.problems, key=lambda p: (p.line or 0, p.field)) + c.more())
    return m.Directory(
        title_zh=c.string(f["title_zh"], "title_zh") or "",
        source_document_zh=c.string(f["source_document_zh"], "source_document_zh") or "",
        areas=areas,
        channels=channels,
        dates=dates or m.DirectoryDates(),
    )


DATE_YEARS = (2020, 2100)  # transcribed and checked dates: after the annex, before nonsense
_DATE_TEXT_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _date(c: Checker, node: yaml.Node, path: str, bounded: bool) -> tuple[bool, dt.date | None]:
    """(ok, date): null is (True, None); a bad value is reported and gives (False, None)."""
    if not c.visit(node, path):
        return False, None
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return True, None
    if not (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:timestamp"
        and _DATE_TEXT_RE.fullmatch(node.value)
    ):
        c.problem(
            node,
            path,
            N_("expected a date such as 2026-11-26 or null, got {kind}"),
            kind=kind(node),
        )
        return False, None
    try:
        day = dt.date.fromisoformat(node.value)
    except ValueError:
        c.problem(node, path, N_("{value} is not a real date"), value=node.value)
        return False, None
    lo, hi = DATE_YEARS
    if bounded and not lo <= day.year <= hi:
        c.problem(node, path, N_("{day} is outside the years {lo}-{hi}"), day=day, lo=lo, hi=hi)
        return False, None
    return True, day


def _dates(c: Checker, node: yaml.Node, path: str) -> m.DirectoryDates | None:
    f = c.mapping(node, path, ("document", "transcribed", "checked"))
    if f is None or len(f) < 3:
        return None
    ok1, document = _date(c, f["document"], f"{path}.document", bounded=False)
    ok2, transcribed = _date(c, f["transcribed"], f"{path}.transcribed", bounded=True)
    ok3, checked = _date(c, f["checked"], f"{path}.checked", bounded=True)
    if checked and transcribed and checked < transcribed:
        c.problem(
            f["checked"],
            f"{path}.checked",
            N_("{checked} is before transcribed ({transcribed})"),
            checked=checked,
            transcribed=transcribed,
        )
        return None
    return m.DirectoryDates(document, transcribed, checked) if ok1 and ok2 and ok3 else None


def _cross_check(
    c: Checker, f: dict[str, yaml.Node], areas: tuple[m.Area, ...], channels: tuple[m.Channel, ...]
) -> None:
    """Checks that span records: unique ids, known areas, references that resolve."""
    area_nodes = (
        f["areas"].value if "areas" in f and isinstance(f["areas"], yaml.SequenceNode) else []
    )
    chan_nodes = (
        f["channels"].value
        if "channels" in f and isinstance(f["channels"], yaml.SequenceNode)
        else []
    )
    area_id_nodes = _id_nodes(area_nodes)
    area_ids: set[str] = set()
    for i, a in enumerate(areas):
        if a.id in area_ids:
            c.problem(
                area_id_nodes.get(a.id),
                f"areas[{i}].id",
                N_("duplicate area id {id}"),
                id=repr(a.id),
            )
        area_ids.add(a.id)
    node_of = _records_by_id(chan_nodes)
    id_nodes = _id_nodes(chan_nodes)
    ids: set[str] = set()
    for i, ch in enumerate(channels):
        node = id_nodes.get(ch.id)
        if ch.id in ids:
            c.problem(node, f"channels[{i}].id", N_("duplicate channel id {id}"), id=repr(ch.id))
        ids.add(ch.id)
        if ch.area not in area_ids:
            where = _field_node(node_of.get(ch.id), "area") or node
            c.problem(where, f"channels[{i}].area", N_("unknown area {area}"), area=repr(ch.area))
    for i, ch in enumerate(channels):
        for j, contact in enumerate(ch.contacts):
            if isinstance(contact, m.Via) and contact.channel_id and contact.channel_id not in ids:
                contacts = _field_node(node_of.get(ch.id), "contacts")
                item = (
                    contacts.value[j]
                    if isinstance(contacts, yaml.SequenceNode) and j < len(contacts.value)
                    else None
                )
                c.problem(
                    _field_node(item, "channel") or id_nodes.get(ch.id),
                    f"channels[{i}].contacts[{j}].channel",
                    N_("refers to unknown channel {id}"),
                    id=repr(contact.channel_id),
                )


def _records_by_id(nodes: list[yaml.Node]) -> dict[str, yaml.MappingNode]:
    """Each record's mapping node by its id (the last one, when an id is duplicated)."""
    out: dict[str, yaml.MappingNode] = {}
    for node in nodes:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == "id" and isinstance(v, yaml.ScalarNode):
                    out[v.value] = node
    return out


def _field_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node, if there is one."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.Node):
                return v
    return None


def _id_nodes(nodes: list[yaml.Node]) -> dict[str, yaml.Node]:
    """Each record's `id` value node by id: the last one (the duplicate, when there are two)."""
    return {k: v for k, v in ((str(n.value), n) for n in map(_id_value, nodes) if n is not None)}


def _id_value(node: yaml.Node) -> yaml.ScalarNode | None:
    found = _field_node(node, "id")
    return found if isinstance(found, yaml.ScalarNode) else None


# ----------------------------------------------------------------------------- files


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a data file as UTF-8, with a clear `DataError` for every way that can fail."""
    return decode(read_bytes(str(path)), str(path))


def load_file(path: str | os.PathLike[str]) -> m.Directory:
    """Validate and load a directory file; raise `DataError` on any problem."""
    return parse(read_text(path), str(path))


def load_packaged() -> m.Directory:
    """The directory shipped inside the package."""
    return parse(decode(packaged_bytes(), "channels.yaml"), "channels.yaml")


def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in a directory file (empty when it is valid)."""
    try:
        load_file(path)
    except DataError as exc:
        return list(exc.problems)
    return []
