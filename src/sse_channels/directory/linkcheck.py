"""Check that every link of a directory still answers, and record the day they all did.

Every URL in the records (pages, systems, the EKey centre) is fetched once, however many
channels share it: HEAD first, GET when a server refuses or mishandles HEAD, redirects followed
and kept. Requests run concurrently under a bound, each one under its own timeout, and the whole
run under a deadline of `DEADLINE_FACTOR` times the timeout, so a slow server cannot hold it up.

Only the `check-links` command imports this module (and so httpx).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import httpx
from msgspec import Struct
from msgspec.structs import fields, replace

from sse_channels import __version__
from sse_channels import model as m
from sse_channels.errors import DataError, Problem, UsageError
from sse_channels.l10n import N_, _

DEFAULT_TIMEOUT = 10.0  # seconds per request
DEFAULT_CONCURRENCY = 8
DEADLINE_FACTOR = 3  # the whole run ends by timeout × this, whatever the servers do
USER_AGENT = (
    f"sse-channels/{__version__} (link check of the sse-channels directory of Shanghai Stock "
    f"Exchange channels) python-httpx/{httpx.__version__}"
)

# Messages of the command line, kept here with the rest of the words.
NEEDS_FILE = N_("--write-date updates a file: name it with --data FILE")
DATE_WRITTEN = N_("{file}: dates: checked set to {day}")
DATE_KEPT = N_("{file}: dates: checked left as it was, since not every link answered")

# ----------------------------------------------------------------------------- records


class Verdict(Enum):
    """How a link answered, from best to worst."""

    OK = "ok"  # 2xx without a redirect
    REDIRECTED = "redirected"  # 2xx after one or more redirects: the record should be updated
    HTTP_ERROR = "http-error"  # 4xx or 5xx (after any redirects)
    TIMEOUT = "timeout"  # no answer within the timeout, or before the run's deadline
    DNS = "dns"  # the host name does not resolve
    TLS = "tls"  # the TLS handshake or the certificate failed
    REFUSED = "refused"  # nothing listens on the port
    ERROR = "error"  # any other failure (a protocol error, too many redirects, ...)

    @property
    def answered(self) -> bool:
        return self in (Verdict.OK, Verdict.REDIRECTED)


class Origin(Struct, frozen=True):
    """One place in the directory that holds a URL."""

    channel_id: str
    source: m.Source  # the annex row, item and page of that channel
    field: str  # where in the record, e.g. "contacts[2].url"


class Link(Struct, frozen=True):
    """A URL to check, with every place it appears."""

    url: str
    origins: tuple[Origin, ...]

    @property
    def channel_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.channel_id for o in self.origins))


class Hop(Struct, frozen=True):
    """One redirect: the URL that answered with `status` and sent the client on."""

    status: int
    url: str


class Result(Struct, frozen=True):
    link: Link
    verdict: Verdict
    status: int | None = None  # the final HTTP status, when there was one
    final_url: str | None = None  # where the redirects ended
    redirects: tuple[Hop, ...] = ()
    method: str = "HEAD"  # the request that gave the verdict
    detail: str = ""  # what went wrong, or how the page moved: in English, as JSON keeps it
    seconds: float = 0.0
    # The English template (a catalog msgid) of `detail` and its values, so that the detail
    # can be said in the interface language (output.checks.detail_text), as a Problem's is.
    template: str = ""
    args: tuple[tuple[str, str], ...] = ()

    @property
    def answered(self) -> bool:
        return self.verdict.answered


class Report(Struct, frozen=True):
    results: tuple[Result, ...]  # in the order the links appear in the directory
    timeout: float

    @property
    def all_answered(self) -> bool:
        return all(r.answered for r in self.results)

    @property
    def broken(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if not r.answered)


# ----------------------------------------------------------------------------- collecting


def collect(directory: m.Directory) -> tuple[Link, ...]:
    """Every distinct URL of the directory, in annex order, with the places that hold it."""
    found: dict[str, list[Origin]] = {}
    for ch in directory.channels:
        for path, url in _urls(ch, ""):
            found.setdefault(url, []).append(Origin(ch.id, ch.source, path))
    return tuple(Link(url, tuple(origins)) for url, origins in found.items())


_URL_RE = re.compile(r"^https?://", re.IGNORECASE)


def _urls(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(field path, URL) for every string field of a record that is a whole http(s) URL."""
    if isinstance(value, str):
        if _URL_RE.match(value):
            yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _urls(item, f"{path}[{i}]")
    elif isinstance(value, Struct) and not isinstance(value, m.Source):
        for f in fields(value):
            if not f.name.startswith("_"):
                yield from _urls(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)


# ----------------------------------------------------------------------------- checking


def check(
    links: tuple[Link, ...],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[Result], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Report:
    """Fetch every link; `on_result` is called as each one finishes (for a progress bar).
    `transport`: where requests go (None: the network)."""
    if timeout <= 0:
        raise UsageError(_("the timeout must be more than 0 seconds"))
    if concurrency < 1:
        raise UsageError(_("the concurrency must be at least 1"))
    results = asyncio.run(_check_all(links, timeout, concurrency, on_result, transport))
    return Report(results, timeout)


async def _check_all(
    links: tuple[Link, ...],
    timeout: float,
    concurrency: int,
    on_result: Callable[[Result], None] | None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Result, ...]:
    gate = asyncio.Semaphore(concurrency)
    done: dict[int, Result] = {}
    async with httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,  # followed hop by hop by `_follow`
        transport=transport,
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    ) as client:

        async def one(i: int, link: Link) -> None:
            async with gate:
                result = await _check_one(client, link, timeout)
            done[i] = result
            if on_result is not None:
                on_result(result)

        tasks = [asyncio.ensure_future(one(i, link)) for i, link in enumerate(links)]
        if tasks:
            _finished, pending = await asyncio.wait(tasks, timeout=timeout * DEADLINE_FACTOR)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
    late = said(
        N_("no answer before the run's deadline of {s} s"), s=f"{timeout * DEADLINE_FACTOR:g}"
    )
    out = []
    for i, link in enumerate(links):
        result = done.get(i)
        if result is None:
            result = Result(
                link, Verdict.TIMEOUT, seconds=timeout * DEADLINE_FACTOR, **late.fields()
            )
            if on_result is not None:
                on_result(result)
        out.append(result)
    return tuple(out)


async def _check_one(client: httpx.AsyncClient, link: Link, timeout: float) -> Result:
    start = time.monotonic()
    result = await _attempt(client, link, "HEAD", timeout)
    # Many servers answer HEAD with 405, 501, 403 or 404, or drop the connection, while GET
    # works: try GET before calling the link broken. A timeout, DNS, TLS or refused connection
    # would only repeat itself.
    if result.verdict is Verdict.HTTP_ERROR or result.verdict is Verdict.ERROR:
        result = await _attempt(client, link, "GET", timeout)
    return _with_seconds(result, time.monotonic() - start)


def _with_seconds(r: Result, seconds: float) -> Result:
    return replace(r, seconds=seconds)


async def _attempt(client: httpx.AsyncClient, link: Link, method: str, timeout: float) -> Result:
    try:
        response, hops, inner = await asyncio.wait_for(_follow(client, link.url, method), timeout)
    except Exception as exc:  # every failure becomes a verdict; nothing escapes to the user
        verdict, why = classify_said(exc, timeout)
        return Result(link, verdict, method=method, **why.fields())
    final = str(response.url)
    status = response.status_code
    if inner:
        target = str(response.next_request.url) if response.next_request else final
        why = said(N_("redirected to an internal address ({address}); not followed"), address=inner)
        return Result(link, Verdict.ERROR, status, target, hops, method, **why.fields())
    if status >= 400:
        verdict, detail = Verdict.HTTP_ERROR, f"HTTP {status} {response.reason_phrase}".strip()
    elif hops:
        moved = moved_text(link.url, final)
        why = said(MOVED) if moved == MOVED else said("", text=moved)
        return Result(link, Verdict.REDIRECTED, status, final, hops, method, **why.fields())
    else:
        verdict, detail = Verdict.OK, ""
    return Result(link, verdict, status, final if hops else None, hops, method, detail)


MAX_REDIRECTS = 20  # as httpx's own default


async def _follow(
    client: httpx.AsyncClient, url: str, method: str
) -> tuple[httpx.Response, tuple[Hop, ...], str]:
    """Request `url`, following redirects one at a time; the last response, the redirects, and
    the internal address a hop was refused for ("" when none was).

    Only the status and headers of each response are read, never a body (a redirect's body
    could be endless). A link whose own host is public may not lead to a loopback, private,
    link-local (cloud metadata) or otherwise non-public address: that hop is not requested.
    """
    origin = httpx.URL(url)
    public = not await internal_address(origin)
    # A link to a local server may lead to other local ones, never to link-local addresses
    # (cloud metadata at 169.254.169.254) unless it is itself on one.
    metadata_ok = not public and bool(await internal_address(origin, link_local=True))
    request = client.build_request(method, url)
    hops: list[Hop] = []
    while True:
        response = await client.send(request, stream=True, follow_redirects=False)
        await response.aclose()  # the connection is dropped with whatever body was coming
        following = response.next_request
        if following is None:
            return response, tuple(hops), ""
        hops.append(Hop(response.status_code, str(response.url)))
        if len(hops) > MAX_REDIRECTS:
            raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=following)
        if public or not metadata_ok:
            inner = await internal_address(following.url, link_local=not public)
            if inner:
                return response, tuple(hops[:-1]), inner
        request = following


async def internal_address(url: httpx.URL, *, link_local: bool = False) -> str:
    """The address of `url`'s host that is not a public one (loopback, private, link-local,
    shared, reserved), as text; "" when every address is public or the name does not resolve
    (the request itself then reports that). `link_local`: only a link-local address counts."""
    import ipaddress

    host = url.host
    literal = True
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        literal = False
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, url.port or 443, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            return ""
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        plain = getattr(address, "ipv4_mapped", None) or address
        if plain.is_link_local if link_local else not plain.is_global:
            return host if literal else f"{host} = {address}"
    return ""


MOVED = "moved"  # said with pgettext("link", ...): output.checks.detail_text


class Said(Struct, frozen=True):
    """A detail as a template and its values; "" as the template: a text said as it is (an
    HTTP status line, `http → https`, a library's own message)."""

    template: str
    args: tuple[tuple[str, str], ...] = ()

    def fields(self) -> dict[str, Any]:
        """`detail` (English, filled), `template` and `args`, as Result takes them."""
        values = dict(self.args)
        detail = self.template.format(**values) if self.template else values.get("text", "")
        return {"detail": detail, "template": self.template, "args": self.args}


def said(template: str, **args: object) -> Said:
    return Said(template, tuple((k, str(v)) for k, v in args.items()))


def moved_text(url: str, final: str) -> str:
    """How a page moved: `http → https` when only the scheme changed, else `moved`."""
    if url.lower().startswith("http://") and final.lower().startswith("https://"):
        rest, final_rest = url[len("http://") :], final[len("https://") :]
        if rest.rstrip("/") == final_rest.rstrip("/"):
            return "http → https"
    return MOVED


def classify(exc: BaseException, timeout: float) -> tuple[Verdict, str]:
    """The verdict and a short reason (in English) for a failed request."""
    verdict, why = classify_said(exc, timeout)
    return verdict, str(why.fields()["detail"])


def classify_said(exc: BaseException, timeout: float) -> tuple[Verdict, Said]:
    """The verdict and a short reason for a failed request, from its chain of causes."""
    chain = list(_causes(exc))
    for e in chain:
        if isinstance(e, socket.gaierror):
            return Verdict.DNS, said(
                N_("cannot resolve the host name ({reason})"), reason=e.strerror or e
            )
    for e in chain:
        if isinstance(e, (ssl.SSLError, ssl.CertificateError)):
            reason = getattr(e, "verify_message", None) or getattr(e, "reason", None) or str(e)
            return Verdict.TLS, said(N_("TLS failed: {reason}"), reason=reason)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return Verdict.REFUSED, said(N_("connection refused"))
    if any(
        isinstance(e, (TimeoutError, asyncio.TimeoutError, httpx.TimeoutException)) for e in chain
    ):
        return Verdict.TIMEOUT, said(N_("no answer within {s} s"), s=f"{timeout:g}")
    if isinstance(exc, httpx.TooManyRedirects):
        return Verdict.ERROR, said(N_("too many redirects"))
    return Verdict.ERROR, said("", text=str(exc).strip() or type(exc).__name__)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend([e.__cause__, e.__context__])
        stack.extend(getattr(e, "exceptions", ()))


# ----------------------------------------------------------------------------- the date

_DATES_RE = re.compile(r"^dates:[ \t]*(#.*)?$")
_CHECKED_RE = re.compile(r"^(?P<indent>[ \t]+)checked:(?P<gap>[ \t]*)(?P<value>[^#\r\n]*?)"
                         r"(?P<pad>[ \t]*)(?P<comment>#[^\r\n]*)?(?P<eol>\r?\n?)$")  # fmt: skip


def with_checked_date(text: str, day: dt.date, name: str) -> str:
    """`text` with the value of its `dates: checked:` line set to `day`; nothing else changes.

    The line keeps its indentation and its comment (in the same column where there is room).
    """
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _DATES_RE.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise DataError([Problem(name, None, "dates", N_("no top-level `dates:` block to update"))])
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line[0].isspace() and not line.lstrip().startswith("#"):
            break  # the next top-level key: the block has ended
        match = _CHECKED_RE.match(line)
        if match is None:
            continue
        new_value = day.isoformat()
        pad = match["pad"]
        if match["comment"]:
            room = len(match["value"]) + len(pad) - len(new_value)
            pad = " " * max(1, room)
        lines[i] = (
            f"{match['indent']}checked:{match['gap'] or ' '}{new_value}"
            f"{pad if match['comment'] else ''}{match['comment'] or ''}{match['eol']}"
        )
        return "".join(lines)
    problem = N_("the `dates:` block has no `checked:` line to update")
    raise DataError([Problem(name, start + 1, "dates.checked", problem)])


def write_checked_date(path: str, day: dt.date) -> dt.date:
    """Set the file's `dates: checked:` to `day` (the caller's today, in Beijing) by rewriting
    that one line.

    The file is read as bytes and written back atomically with its mode; comments, order,
    line endings and a BOM survive, and the result must still read as the same YAML with the
    new date, or nothing is written.
    """
    import yaml

    from sse_channels.files import read_bytes, write_atomic

    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")  # a BOM stays a character and is written back
    except UnicodeDecodeError:
        raise DataError([Problem(path, None, "", N_("not UTF-8"))]) from None
    new_text = with_checked_date(text, day, path)
    try:
        before, after = (yaml.safe_load(t.lstrip("\ufeff")) for t in (text, new_text))
    except yaml.YAMLError:
        before = after = None
    old_dates = before.get("dates") if isinstance(before, dict) else None
    new_dates = after.get("dates") if isinstance(after, dict) else None
    if (
        not isinstance(before, dict)
        or not isinstance(after, dict)
        or not isinstance(old_dates, dict)
        or new_dates != {**old_dates, "checked": day}
        or {**before, "dates": None} != {**after, "dates": None}
    ):
        problem = N_("cannot update `dates: checked:` without changing something else")
        raise DataError([Problem(path, None, "dates.checked", problem)])
    write_atomic(path, new_text.encode("utf-8"), force=True)
    return day


def record_check(path: str, report: Report, day: dt.date) -> str:
    """After a run: write the date into the file if every link answered; say what was done."""
    if not report.all_answered:
        return _(DATE_KEPT).format(file=path)
    return _(DATE_WRITTEN).format(file=path, day=write_checked_date(path, day).isoformat())
