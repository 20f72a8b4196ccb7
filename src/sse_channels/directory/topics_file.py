"""Reading and validating data/topics.yaml (rules in docs/topics-schema.md) with the
directory's validator machinery: every problem with its file, line and field."""

from __future__ import annotations

import re

import yaml

from sse_channels import model as m
from sse_channels.errors import DataError, Problem
from sse_channels.l10n import N_
from sse_channels.textnorm import norm

from .checker import Checker
from .topics import Base, Place, Topic, Topics, TopicSource
from .yamlsafe import compose

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_PLACE_KINDS = ("province", "municipality", "region", "sar", "city")
_PROVINCIAL = ("province", "municipality", "region")


def _float(c: Checker, node: yaml.Node, path: str, lo: float, hi: float) -> float | None:
    if not c.visit(node, path):
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:int",
    ):
        c.problem(node, path, N_("expected a number"))
        return None
    try:
        value = float(node.value)
    except ValueError:
        c.problem(
            node, path, N_("expected a plain decimal number, got {value}"), value=repr(node.value)
        )
        return None
    if not lo <= value <= hi:
        c.problem(node, path, N_("must be between {lo} and {hi}"), lo=f"{lo:g}", hi=f"{hi:g}")
        return None
    return value


def _audience(c: Checker, node: yaml.Node, path: str) -> tuple[m.Audience, ...]:
    out: list[m.Audience] = []
    for i, n in enumerate(c.sequence(node, path)):
        value = c.enum(n, f"{path}[{i}]", m.Audience)
        if value is not None:
            out.append(value)
    return tuple(out)


def _source(c: Checker, node: yaml.Node, path: str) -> TopicSource | None:
    f = c.mapping(node, path, ("annex", "reason_zh"), ("law", "unsure", "quote_zh"))
    if f is None:
        return None
    v = {k: c.string(n, f"{path}.{k}") for k, n in f.items()}
    if not v.get("annex") or not v.get("reason_zh"):
        return None
    return TopicSource(
        annex=v["annex"] or "",
        reason_zh=v["reason_zh"] or "",
        law=v.get("law") or "",
        unsure=v.get("unsure") or "",
        quote_zh=v.get("quote_zh") or "",
    )


def _topic(c: Checker, node: yaml.Node, path: str, d: m.Directory) -> Topic | None:
    f = c.mapping(
        node,
        path,
        ("id", "name_zh", "name_en", "terms", "desk", "audience", "source"),
        ("also", "note_zh"),
    )
    if f is None or len(f.keys() & {"id", "terms", "desk", "source", "audience"}) < 5:
        return None
    tid = c.string(f["id"], f"{path}.id", _ID_RE, "topic id (lower-case kebab-case)")
    names = {k: c.string(f[k], f"{path}.{k}") for k in ("name_zh", "name_en") if k in f}
    terms = c.strings(f["terms"], f"{path}.terms")
    if not terms:
        c.problem(f["terms"], f"{path}.terms", N_("must list at least one term"))
    desk = c.mapping(f["desk"], f"{path}.desk", ("channel",), ("route", "nearest_base"))
    if desk is None or "channel" not in desk:
        return None
    channel = c.string(desk["channel"], f"{path}.desk.channel")
    route = c.strings(desk["route"], f"{path}.desk.route") if "route" in desk else ()
    nearest = (
        bool(c.boolean(desk["nearest_base"], f"{path}.desk.nearest_base"))
        if ("nearest_base" in desk)
        else False
    )
    if channel is not None:
        ch = _channel_or_problem(c, desk["channel"], f"{path}.desk.channel", channel, d)
        if ch is not None and route:
            steps = {r.steps for p in ch.phones() for r in p.routes}
            if route not in steps:
                c.problem(
                    desk["route"],
                    f"{path}.desk.route",
                    N_("{route} is no route of a phone of {channel}"),
                    route=" → ".join(route),
                    channel=channel,
                )
    also = c.strings(f["also"], f"{path}.also") if "also" in f else ()
    for i, other in enumerate(also):
        node_i = c_node(f["also"], i)
        _channel_or_problem(c, node_i, f"{path}.also[{i}]", other, d)
        if other == channel:
            c.problem(node_i, f"{path}.also[{i}]", N_("repeats the desk's channel"))
    audience = _audience(c, f["audience"], f"{path}.audience")
    source = _source(c, f["source"], f"{path}.source")
    note = c.string(f["note_zh"], f"{path}.note_zh") or "" if "note_zh" in f else ""
    if not (tid and channel and source and terms and all(names.values()) and len(names) == 2):
        return None
    return Topic(
        tid,
        names["name_zh"] or "",
        names["name_en"] or "",
        terms,
        channel,
        route,
        also,
        audience,
        source,
        note,
        nearest,
    )


def c_node(seq: yaml.Node, i: int) -> yaml.Node:
    """The i-th item of a sequence node (already checked to be one)."""
    return seq.value[i] if isinstance(seq, yaml.SequenceNode) else seq


def _channel_or_problem(
    c: Checker, node: yaml.Node, path: str, cid: str, d: m.Directory
) -> m.Channel | None:
    ch = d.channel(cid)
    if ch is None:
        c.problem(node, path, N_("no channel {id} in the directory"), id=repr(cid))
    return ch


def _base(c: Checker, node: yaml.Node, path: str, d: m.Directory) -> Base | None:
    f = c.mapping(node, path, ("channel", "city_zh", "lat", "lon"))
    if f is None or len(f) < 4:
        return None
    cid = c.string(f["channel"], f"{path}.channel")
    if cid is not None:
        _channel_or_problem(c, f["channel"], f"{path}.channel", cid, d)
    city = c.string(f["city_zh"], f"{path}.city_zh")
    lat = _float(c, f["lat"], f"{path}.lat", 18, 54)
    lon = _float(c, f["lon"], f"{path}.lon", 73, 135)
    if cid and city and lat is not None and lon is not None:
        return Base(cid, city, lat, lon)
    return None


def _place(c: Checker, node: yaml.Node, path: str) -> Place | None:
    f = c.mapping(
        node, path, ("name_zh", "kind", "aliases", "lat", "lon"), ("capital_zh", "province_zh")
    )
    if f is None or len(f.keys() & {"name_zh", "kind", "aliases", "lat", "lon"}) < 5:
        return None
    name = c.string(f["name_zh"], f"{path}.name_zh")
    kind = c.string(f["kind"], f"{path}.kind")
    if kind is not None and kind not in _PLACE_KINDS:
        c.problem(
            f["kind"],
            f"{path}.kind",
            N_("unknown kind {value}; allowed: {allowed}"),
            value=repr(kind),
            allowed=", ".join(_PLACE_KINDS),
        )
        kind = None
    aliases = c.strings(f["aliases"], f"{path}.aliases")
    lat = _float(c, f["lat"], f"{path}.lat", 18, 54)
    lon = _float(c, f["lon"], f"{path}.lon", 73, 135)
    capital = c.string(f["capital_zh"], f"{path}.capital_zh") or "" if "capital_zh" in f else ""
    province = c.string(f["province_zh"], f"{path}.province_zh") or "" if "province_zh" in f else ""
    if name and kind and lat is not None and lon is not None:
        return Place(name, kind, aliases, lat, lon, capital, province)
    return None


def parse(text: str, file: str, directory: m.Directory) -> Topics:
    """Validate the topic file against the directory; raise `DataError` listing every problem."""
    c = Checker(file, text)
    root = compose(text, file)
    if root is None:
        raise DataError([Problem(file, None, "", N_("the file is empty"))])
    f = c.mapping(root, "", ("schema", "topics", "regions"), ("proposed_channels",))
    if f is None:
        raise DataError(c.problems)
    if "schema" in f:
        c.schema(f["schema"], SCHEMA_VERSION)
    if "proposed_channels" in f:
        for i, n in enumerate(c.sequence(f["proposed_channels"], "proposed_channels")):
            c.problem(
                n, f"proposed_channels[{i}]", N_("merge the proposed channels into the directory")
            )
    topics: tuple[Topic, ...] = ()
    if "topics" in f:
        topics = c.items(f["topics"], "topics", lambda n, p: _topic(c, n, p, directory))
        if not topics and not c.problems:
            c.problem(f["topics"], "topics", N_("must list at least one topic"))
    bases: tuple[Base, ...] = ()
    places: tuple[Place, ...] = ()
    if "regions" in f:
        r = c.mapping(f["regions"], "regions", ("bases", "places"))
        if r is not None and len(r) == 2:
            bases = c.items(r["bases"], "regions.bases", lambda n, p: _base(c, n, p, directory))
            places = c.items(r["places"], "regions.places", lambda n, p: _place(c, n, p))
    _cross_check(c, f, topics, places)
    if c.problems:
        raise DataError(sorted(c.problems, key=lambda p: (p.line or 0, p.field)))
    return Topics(topics, bases, places)


def _items_nodes(f: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
    node = f.get(key)
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _cross_check(
    c: Checker, f: dict[str, yaml.Node], topics: tuple[Topic, ...], places: tuple[Place, ...]
) -> None:
    """Rules across records: ids and terms unique, one nearest-base topic, place names unique."""
    ids: set[str] = set()
    owner: dict[str, str] = {}
    nodes = {_scalar(n, "id"): n for n in _items_nodes(f, "topics")}
    for t in topics:
        node = nodes.get(t.id)
        if t.id in ids:
            c.problem(node, "topics.id", N_("duplicate topic id {id}"), id=repr(t.id))
        ids.add(t.id)
        for term in t.terms:
            key = norm(term)
            if key in owner:
                path = f"topics[{t.id}].terms"
                if owner[key] == t.id:
                    c.problem(node, path, N_("term {term} is twice in this topic"), term=repr(term))
                else:
                    c.problem(
                        node,
                        path,
                        N_("term {term} is also in {topic}"),
                        term=repr(term),
                        topic=repr(owner[key]),
                    )
            owner[key] = t.id
    nearest = [t.id for t in topics if t.nearest_base]
    if len(nearest) > 1:
        c.problem(
            None,
            "topics",
            N_("only one topic may set nearest_base: {ids}"),
            ids=", ".join(nearest),
        )
    names: dict[str, str] = {}
    for p in places:
        for name in (p.name_zh, *p.aliases):
            if name in names:
                c.problem(
                    None, "regions.places", N_("place name {name} is used twice"), name=repr(name)
                )
            names[name] = p.name_zh
    provincial = {p.name_zh for p in places if p.kind in _PROVINCIAL}
    for p in places:
        if p.province_zh and p.province_zh not in provincial:
            c.problem(
                None,
                f"regions.places[{p.name_zh}].province_zh",
                N_("{name} is no province, region or municipality"),
                name=repr(p.province_zh),
            )


def _scalar(node: yaml.Node, key: str) -> str:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return ""
