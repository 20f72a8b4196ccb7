"""The ASGI application: its routes and the guard every request passes first.

The guard answers, before any route runs: a method other than GET or HEAD (405), a query
string that is too long (414) or not UTF-8 (400), a parameter given twice (400). It adds the
security headers to every response, and turns any exception into a bare 500 whose traceback
goes to stderr, never to the client.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sse_channels.l10n import N_, _

from . import api_routes, pages
from .lang import negotiate, speak
from .respond import error_body

STATIC = Path(__file__).with_name("static")
MAX_PARAM = 200  # characters of one parameter: a query longer than this is no query
MAX_QUERY_STRING = 4 * MAX_PARAM * 9  # bytes: a few parameters of MAX_PARAM, each %-escaped
PARAMS_ONCE = ("q", "n", "as", "at", "from", "lang", "explain")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

log = logging.getLogger("sse_channels.web")


class Answered:
    """The bodies of searches already answered, by their exact query string (bounded, least
    recently used out). A search depends on its arguments alone, and the JSON does not change
    with the language, so the same bytes asked again get the same 200 answer at once, before
    routing; errors are never kept, and a query string is kept only after it passed the guard."""

    SIZE = 1024

    def __init__(self) -> None:
        self._bodies: OrderedDict[bytes, bytes] = OrderedDict()

    def get(self, query_string: bytes) -> bytes | None:
        body = self._bodies.get(query_string)
        if body is not None:
            self._bodies.move_to_end(query_string)
        return body

    def clear(self) -> None:
        self._bodies.clear()

    def keep(self, query_string: bytes, body: bytes) -> None:
        self._bodies[query_string] = body
        self._bodies.move_to_end(query_string)
        while len(self._bodies) > self.SIZE:
            self._bodies.popitem(last=False)


class Guard:
    """The outermost layer: refuses what no route should see, and never leaks a traceback."""

    def __init__(self, app: ASGIApp, answered: Answered | None = None) -> None:
        self.app = app
        self.answered = answered or Answered()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and scope["path"] == "/api/search":
            body = self.answered.get(scope.get("query_string", b""))
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", str(len(body)).encode()),
                            (b"content-type", b"application/json"),
                            *SECURITY_HEADERS,
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        started = False

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            status, code, message = refusal
            await self.reply(scope, secured, status, code, message)
            return
        try:
            await self.app(scope, receive, secured)
        except Exception:
            log.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await self.reply(scope, secured, 500, "internal", _("internal error"))

    @staticmethod
    def refusal(scope: Scope) -> tuple[int, str, str] | None:
        """Why the request is refused before routing (status, code, message), or None."""
        if scope["method"] not in ("GET", "HEAD"):
            return _said(
                scope, 405, "method_not_allowed", N_("only GET and HEAD are answered here")
            )
        raw: bytes = scope.get("query_string", b"")
        if len(raw) > MAX_QUERY_STRING:
            return _said(scope, 414, "too_long", TOO_LONG, n=MAX_PARAM)
        try:
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            return _said(scope, 400, "bad_encoding", N_("the query is not valid UTF-8"))
        seen: set[str] = set()
        for name, value in pairs:
            if len(value) > MAX_PARAM:
                return _said(scope, 414, "too_long", TOO_LONG, n=MAX_PARAM)
            if name in seen and name in PARAMS_ONCE:
                return _said(scope, 400, "usage", N_("give {name} once"), name=name)
            seen.add(name)
        return None

    @staticmethod
    async def reply(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
        if scope.get("path", "").startswith("/api/"):
            body, kind = error_body(code, message), b"application/json"
        else:
            body, kind = (message + "\n").encode(), b"text/plain; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        if status == 405:
            headers.append((b"allow", b"GET, HEAD"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )


TOO_LONG = N_("the query is too long: at most {n} characters")


def _said(
    scope: Scope, status: int, code: str, message: str, **values: object
) -> tuple[int, str, str]:
    """A refusal, its message in the request's language (`?lang=`, else Accept-Language)."""
    raw: bytes = scope.get("query_string", b"")
    asked = dict(parse_qsl(raw.decode("latin-1"), errors="replace")).get("lang")
    speak(negotiate(asked, _header(scope, b"accept-language")))
    return status, code, _(message).format(**values)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def create_app(data: str | None = None) -> Guard:
    """The page and the JSON API over the directory `data` (None: the packaged one)."""
    routes = [
        *api_routes.ROUTES,  # first: the routes a script calls most are matched first
        Route("/", pages.index, methods=["GET", "HEAD"]),
        Route("/results", pages.results, methods=["GET", "HEAD"]),
        Route("/c/{id}.vcf", pages.vcard, methods=["GET", "HEAD"]),
        Route("/c/{id}.ics", pages.ics, methods=["GET", "HEAD"]),
        Route("/c/{id}", pages.channel, methods=["GET", "HEAD"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: pages.not_found})
    app.state.data = data
    app.state.answered = Answered()
    return Guard(app, app.state.answered)
