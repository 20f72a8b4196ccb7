"""The JSON API: one route per read command, each body the command's `--json` output.

| route | command |
| --- | --- |
| `/api/search?q=&n=&as=&explain=1` | `search Q -n N --as ROLE [--explain] --json` |
| `/api/dial?q=&at=&as=` | `dial Q --at AT --as ROLE --json` |
| `/api/hours?q=&at=` | `hours [Q] --at AT --json` |
| `/api/due?q=&from=` | `due Q --from DATE --json` |
| `/api/show?q=` | `show Q --json` |
| `/api/channels` | `list --json` |
| `/api/channels/<id>` | `show <id> --json` (an id only: no search) |
| `/api/overview` | `export -f json` (the whole directory) |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sse_channels import api
from sse_channels.answers import Answer, failure
from sse_channels.errors import NotFoundError, SseChannelsError, UsageError
from sse_channels.l10n import _
from sse_channels.textnorm import clean

from .lang import negotiate, speak
from .respond import JSON, cli_json, error_response

Endpoint = Callable[[Request], Awaitable[Response]]


def text(request: Request, name: str) -> str | None:
    """A parameter as given (the guard has refused it twice or too long), or None."""
    return request.query_params.get(name)


def count(request: Request, name: str, default: int) -> int:
    given = text(request, name)
    if given is None or not given.strip():
        return default
    try:
        return int(given.strip())
    except ValueError:
        raise UsageError(
            _("{name} must be a whole number, not {value}").format(
                name=name, value=clean(given)[:40]
            )
        ) from None


def instant(request: Request) -> dt.datetime | None:
    """`at` as `--at` reads it: ISO 8601 or as people type it, Beijing time."""
    given = text(request, "at")
    if not given:
        return None
    from sse_channels.days.staffing import now_beijing
    from sse_channels.days.typed import parse_instant

    return parse_instant(given, now=now_beijing())


def day(request: Request) -> dt.date | None:
    """`from` as `due --from` reads it."""
    given = text(request, "from")
    if not given:
        return None
    from sse_channels.days.staffing import now_beijing
    from sse_channels.days.typed import parse_date

    return parse_date(given, today=now_beijing().date())


def data(request: Request) -> str | None:
    value = request.app.state.data
    return value if isinstance(value, str) else None


def answered(compute: Callable[[Request], Answer]) -> Endpoint:
    """An endpoint that answers with the CLI's JSON, or an error as JSON with its code."""

    async def endpoint(request: Request) -> Response:
        speak(negotiate(text(request, "lang"), request.headers.get("accept-language", "")))
        try:
            answer = compute(request)
        except SseChannelsError as exc:
            return error_response(exc)
        # An answer that is a failure (dial of a channel without a phone) is shown, with the
        # exit code 1 of the command line: 404.
        status = 404 if failure(answer) is not None else 200
        return Response(cli_json(answer), status, media_type=JSON)

    return endpoint


SEARCHES_KEPT = 1024  # answers of /api/search kept: a help desk asks the same few things


@lru_cache(maxsize=SEARCHES_KEPT)
def _search_body(
    query: str, limit: int, role: str | None, explain: bool, data: str | None
) -> bytes:
    """The JSON of a search. It depends on nothing but its arguments (no clock), and the
    directory is loaded once per process, so an answer is kept and sent again as it was."""
    answer = api.search(query, limit=limit, data_path=data, role=role)
    return cli_json(answer.explained() if explain else answer)


async def _search(request: Request) -> Response:
    speak(negotiate(text(request, "lang"), request.headers.get("accept-language", "")))
    try:
        body = _search_body(
            text(request, "q") or "",
            count(request, "n", 10),
            text(request, "as") or None,
            text(request, "explain") in ("1", "true"),
            data(request),
        )
    except SseChannelsError as exc:
        return error_response(exc)
    if request.method == "GET":
        request.app.state.answered.keep(request.scope.get("query_string", b""), body)
    return Response(body, media_type=JSON)


def _show(r: Request) -> Answer:
    return api.show(text(r, "q") or "", data_path=data(r))


def _dial(r: Request) -> Answer:
    return api.dial(
        text(r, "q") or "", at=instant(r), data_path=data(r), role=text(r, "as") or None
    )


def _hours(r: Request) -> Answer:
    return api.staffed(text(r, "q") or None, at=instant(r), data_path=data(r))


def _due(r: Request) -> Answer:
    return api.due(text(r, "q") or "", start=day(r), data_path=data(r))


def _channels(r: Request) -> Answer:
    return api.channels(data_path=data(r))


def _channel(r: Request) -> Answer:
    ident = str(r.path_params["id"])
    if api.load(data(r)).channel(ident) is None:
        raise NotFoundError(_("no channel {id}").format(id=clean(ident)[:80]))
    return api.show(ident, data_path=data(r))


def _overview(r: Request) -> Answer:
    return api.overview(data_path=data(r))


GET = ["GET", "HEAD"]
ROUTES = [
    Route("/api/search", _search, methods=GET),
    Route("/api/dial", answered(_dial), methods=GET),
    Route("/api/hours", answered(_hours), methods=GET),
    Route("/api/due", answered(_due), methods=GET),
    Route("/api/show", answered(_show), methods=GET),
    Route("/api/channels", answered(_channels), methods=GET),
    Route("/api/channels/{id}", answered(_channel), methods=GET),
    Route("/api/overview", answered(_overview), methods=GET),
]
