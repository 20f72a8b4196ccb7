"""The HTML pages: the search page (`/`, and `/results` for the script), a page per channel
(`/c/<id>`) with its QR codes, and its vCard and iCalendar downloads.

The search works without JavaScript (`/?q=…` is rendered here); `static/app.js` only fetches
`/results` as one types. Every string reaches the page through Jinja2's autoescaping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from sse_channels import api
from sse_channels import model as m
from sse_channels.answers import OutOfScopeError
from sse_channels.errors import NotFoundError, SseChannelsError
from sse_channels.l10n import N_, Lang, _, current, pgettext
from sse_channels.output import names
from sse_channels.textnorm import clean

from . import views
from .api_routes import data, text
from .lang import negotiate, speak
from .respond import error_response

if TYPE_CHECKING:
    import jinja2

    from sse_channels.days.staffing import Status

TEMPLATES = Path(__file__).with_name("templates")
RESULTS = 10


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        _=lambda s: _(s),
        pgettext=lambda c, s: pgettext(c, s),
        pair=names.pair,  # a name in the page's language, and the one beside it
        summary=names.summary,
        label=names.label,
        site_title=_site_title,
        confidence_text=_confidence_text,
    )
    return env


CONFIDENCE_TEXTS = {
    "high": N_("confidence: high"),
    "medium": N_("confidence: medium"),
    "low": N_("confidence: low, not sure this is the right desk"),
}


def _site_title(site: m.Web | m.System) -> str:
    """A site's or a system's title in the page's language, where the data has it."""
    if isinstance(site, m.Web):
        first, _beside = names.pair(site.title_zh, site.title_en)
        return first or site.url
    return site.name_zh or site.url


def _confidence_text(level: str) -> str:
    return _(CONFIDENCE_TEXTS[level])


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = current()
    html = (
        environment()
        .get_template(name)
        .render(
            lang="zh-CN" if lang is Lang.ZH else "en",
            other_lang="en" if lang is Lang.ZH else "zh",
            **context,
        )
    )
    return HTMLResponse(html, status)


def _speak(request: Request) -> Lang:
    lang = negotiate(text(request, "lang"), request.headers.get("accept-language", ""))
    speak(lang)
    return lang


def _statuses(request: Request) -> dict[str, Status]:
    """Each staffed channel's state now, as `hours` answers it."""
    try:
        report = api.staffed(data_path=data(request))
    except SseChannelsError:
        return {}
    return {c.id: st for c, st in report.rows if st is not None}


def _shown(
    cards: Sequence[views.Card] = (),
    overview: Sequence[Any] = (),
    problem: str = "",
    suggestions: Sequence[str] = (),
    note: str = "",
) -> dict[str, Any]:
    """What the results template shows: cards, or the areas, or a problem; and a note."""
    return {
        "cards": cards,
        "overview": overview,
        "problem": problem,
        "suggestions": suggestions,
        "notes": (note,) if note else (),
    }


def _found(request: Request, query: str) -> dict[str, Any]:
    """The context of the results: the cards, or what to say when there are none."""
    if not query.strip():
        return _shown(overview=api.overview(data_path=data(request)).rows)
    try:
        answer = api.search(
            query, limit=RESULTS, data_path=data(request), role=text(request, "as") or None
        )
    except NotFoundError as exc:
        # Whom to call for a question with no desk; the command line's advice (an option,
        # a command) is no advice on a page.
        hint = exc.hint if isinstance(exc, OutOfScopeError) else ""
        return _shown(problem=str(exc), suggestions=exc.suggestions, note=hint)
    except SseChannelsError as exc:
        return _shown(problem=str(exc))
    states = _statuses(request)
    cards = [
        views.card(r.channel, answer.directory, states.get(r.channel.id), r.routes, confidence)
        for r, confidence in zip(answer.results, answer.confidence, strict=True)
    ]
    return _shown(cards, note=answer.doubt())


async def index(request: Request) -> Response:
    lang = _speak(request)
    query = text(request, "q") or ""
    return render("index.html", query=query, chosen=lang.value, **_found(request, query))


async def results(request: Request) -> Response:
    _speak(request)
    query = text(request, "q") or ""
    return render("results.html", query=query, **_found(request, query))


def _channel(request: Request) -> tuple[m.Channel, m.Directory]:
    directory = api.load(data(request))
    ch = directory.channel(str(request.path_params["id"]))
    if ch is None:
        raise HTTPException(404)
    return ch, directory


async def channel(request: Request) -> Response:
    lang = _speak(request)
    ch, directory = _channel(request)
    from sse_channels.formats.vcard import has_card

    state = _statuses(request).get(ch.id)
    card = views.card(ch, directory, state)
    codes = [(d, qr_svg(d.tel)) for d in card.dial]
    area = directory.area(ch.area)
    return render(
        "channel.html",
        chosen=lang.value,
        ch=ch,
        card=card,
        codes=codes,
        area=area,
        audience=" ".join(_audience(ch)),
        systems=_systems(ch),
        kind=_kind(ch, lang),
        vcard=has_card(ch),
        response=ch.response,
    )


@lru_cache(maxsize=256)
def qr_svg(uri: str) -> str:
    """The QR code of a tel: URI as an inline SVG element (as `dial --qr-out` draws it)."""
    from sse_channels.handoff.qr import code

    return str(code(uri).svg_inline(scale=4, border=4, title=uri))


def _audience(ch: m.Channel) -> list[str]:
    from sse_channels.model import AUDIENCE_ZH

    return [AUDIENCE_ZH[a] for a in ch.audience]


def _kind(ch: m.Channel, lang: Lang) -> str:
    """What the channel is, in the words the search knows it by (电话, 邮箱, system…)."""
    from sse_channels.search.vocabulary import KIND_WORDS
    from sse_channels.textnorm import has_cjk

    words = KIND_WORDS[ch.kind]
    chinese = [w for w in words if has_cjk(w)]
    return chinese[0] if lang is Lang.ZH and chinese else words[0]


def _systems(ch: m.Channel) -> list[tuple[str, str, str]]:
    """Who logs in to each business system, where it is, what it does: as `show` prints it."""
    from sse_channels.model import AUDIENCE_ZH, System

    return [
        (
            "、".join(AUDIENCE_ZH[a] for a in c.login) + ("（持 EKey）" if c.ekey_url else ""),
            c.portal_zh,
            c.functions_zh,
        )
        for c in ch.contacts
        if isinstance(c, System)
    ]


def _filename(ident: str, suffix: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", ident)[:80] + suffix


async def vcard(request: Request) -> Response:
    _speak(request)
    ch, directory = _channel(request)
    from sse_channels.formats.vcard import has_card, to_vcard

    if not has_card(ch):
        raise HTTPException(404)
    return Response(
        to_vcard([ch], directory).encode(),
        media_type="text/vcard; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{_filename(ch.id, ".vcf")}"'},
    )


async def ics(request: Request) -> Response:
    """The response deadline of a request made today, as `due <id> --ics` writes it."""
    _speak(request)
    ch, _directory = _channel(request)
    if ch.response is None:
        raise HTTPException(404)
    from sse_channels.answers import DueReport
    from sse_channels.handoff import calendar_file

    try:
        report = api.due(ch.id, data_path=data(request))
    except SseChannelsError as exc:
        return error_response(exc)
    mine = tuple(a for a in report.answers if a.channel.id == ch.id)
    if not mine:
        raise HTTPException(404)
    payload = calendar_file(DueReport(mine, report.directory), api.calendar())
    return Response(
        payload,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{_filename(ch.id, ".ics")}"'},
    )


async def not_found(request: Request, exc: Exception) -> Response:
    _speak(request)
    if request.url.path.startswith("/api/"):
        return error_response(
            NotFoundError(_("no such address: {path}").format(path=clean(request.url.path)[:80]))
        )
    return render("missing.html", 404, chosen=current().value)
