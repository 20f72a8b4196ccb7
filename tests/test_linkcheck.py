"""check-links against a local server on 127.0.0.1: every verdict, the deadline, the exit codes,
and `--write-date` changing exactly one line. Nothing here reaches the internet."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sse_channels import __version__
from sse_channels import model as m
from sse_channels.days.staffing import now_beijing
from sse_channels.directory import linkcheck
from sse_channels.directory import parse as data
from sse_channels.directory.linkcheck import Verdict
from sse_channels.errors import DataError

from .conftest import DATA

TAB = "\t"
SOURCE = "廉政监督 {n} p.4"


class Handler(BaseHTTPRequestHandler):
    """200, 301 → 200, 404, 500, a slow page, and a page whose server refuses HEAD."""

    server: Server

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        AGENTS.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path == "/slow":
            self.server.release.wait(10)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in ("/ok", "/slow") or (path == "/no-head" and not head):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if not head:
                self.wfile.write(b"ok")
        elif path == "/no-head":
            self.send_error(405)
        elif path == "/error":
            self.send_error(500)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    release: threading.Event


AGENTS: list[str] = []  # the User-Agent of every request the server saw


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not stand between the client and 127.0.0.1."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def refused() -> str:
    """A URL on a port nothing listens on: bound, then closed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host name the resolver does not know, without asking any name server."""
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host == "nowhere.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "http://nowhere.test/"


HEAD = """\
schema: 1
title_zh: 渠道一览表
source_document_zh: 行动方案（附件）
ekey_url: {ekey}
dates:
  document: null      # the source document prints no date
  transcribed: 2026-11-26
  checked: null       # when every link last answered; null: never checked
areas:
  - id: integrity
    name_zh: 廉政监督
    name_en: Integrity supervision
    aliases: [廉政]
channels:
"""
WEB = """\
  - id: integrity.c{n}
    area: integrity
    kind: web
    name_zh: 页面{n}
    name_en: Page {n}
    summary_zh: 页面。
    summary_en: A page.
    aliases: [页面{n}]
    audience: [public]
    contacts:
      - type: web
        url: {url}
        title_zh: 页面
    source: {{row: 廉政监督, item: "{n}", page: 4}}
"""
SYSTEM = """\
  - id: integrity.sys
    area: integrity
    kind: system
    name_zh: 系统
    name_en: A system
    summary_zh: 系统。
    summary_en: A system.
    aliases: [系统]
    audience: [member]
    contacts:
      - type: system
        name_zh: 系统
        url: {url}
        login: [member]
        ekey: true
        portal_zh: 官网
        functions_zh: 报送
    source: {{row: 廉政监督, item: "9", page: 4}}
"""


def directory_file(tmp_path: Path, urls: list[str], *, ekey: str = "", system: str = "") -> Path:
    """A valid directory: one web channel per URL (channel n holds urls[n-1]), and a system."""
    text = HEAD.format(ekey=ekey or urls[0])
    text += "".join(WEB.format(n=n, url=url) for n, url in enumerate(urls, 1))
    if system:
        text += SYSTEM.format(url=system)
    path = tmp_path / "channels.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def results_by_url(report: linkcheck.Report) -> dict[str, linkcheck.Result]:
    return {r.link.url: r for r in report.results}


# ----------------------------------------------------------------------------- collecting


def test_collect_dedupes_and_remembers_channels_sources_and_fields(tmp_path, server):
    ok, moved = f"{server}/ok", f"{server}/moved"
    path = directory_file(tmp_path, [ok, moved, ok], ekey=f"{server}/ekey", system=moved)
    links = linkcheck.collect(data.load_file(path))
    assert [link.url for link in links] == [ok, moved, f"{server}/ekey"]
    assert [(o.channel_id, o.field, o.source) for o in links[0].origins] == [
        ("integrity.c1", "contacts[0].url", m.Source("廉政监督", "1", 4)),
        ("integrity.c3", "contacts[0].url", m.Source("廉政监督", "3", 4)),
    ]
    assert links[1].channel_ids == ("integrity.c2", "integrity.sys")
    assert [(o.channel_id, o.field) for o in links[2].origins] == [
        ("integrity.sys", "contacts[0].ekey_url")
    ]


def test_the_packaged_directory_has_its_urls_and_the_ekey_centre():
    links = linkcheck.collect(data.load_packaged())
    urls = [link.url for link in links]
    assert len(urls) == len(set(urls))
    assert urls[0] == "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/review/firstepisode/"
    assert "https://cnsca.sse.com.cn/" in urls
    assert all(link.origins for link in links)


# ----------------------------------------------------------------------------- verdicts


def test_each_endpoint_gets_its_verdict(tmp_path, server, refused, no_dns):
    tls = server.replace("http://", "https://") + "/ok"  # TLS spoken to a plain HTTP port
    urls = [
        f"{server}/ok",
        f"{server}/moved",
        f"{server}/missing",
        f"{server}/error",
        f"{server}/slow",
        refused,
        no_dns,
        tls,
        f"{server}/no-head",
    ]
    links = linkcheck.collect(data.load_file(directory_file(tmp_path, urls)))
    # 2 s: a loaded machine can take more than 1 s to answer the fast ones too.
    report = linkcheck.check(links, timeout=2.0)
    got = {r.link.url: (r.verdict, r.status, r.method) for r in report.results}
    assert got == {
        f"{server}/ok": (Verdict.OK, 200, "HEAD"),
        f"{server}/moved": (Verdict.REDIRECTED, 200, "HEAD"),
        f"{server}/missing": (Verdict.HTTP_ERROR, 404, "GET"),
        f"{server}/error": (Verdict.HTTP_ERROR, 500, "GET"),
        f"{server}/slow": (Verdict.TIMEOUT, None, "HEAD"),
        refused: (Verdict.REFUSED, None, "HEAD"),
        no_dns: (Verdict.DNS, None, "HEAD"),
        tls: (Verdict.TLS, None, "HEAD"),
        f"{server}/no-head": (Verdict.OK, 200, "GET"),
    }
    by_url = results_by_url(report)
    moved = by_url[f"{server}/moved"]
    assert (moved.final_url, moved.redirects, moved.detail) == (
        f"{server}/ok",
        (linkcheck.Hop(301, f"{server}/moved"),),
        "moved",
    )
    assert by_url[f"{server}/missing"].detail == "HTTP 404 Not Found"
    assert by_url[f"{server}/error"].detail == "HTTP 500 Internal Server Error"
    assert by_url[f"{server}/slow"].detail == "no answer within 2 s"
    assert by_url[refused].detail == "connection refused"
    assert by_url[no_dns].detail == "cannot resolve the host name (Name or service not known)"
    assert by_url[tls].detail == "TLS failed: WRONG_VERSION_NUMBER"
    assert [r.answered for r in report.results] == [
        True, True, False, False, False, False, False, False, True,
    ]  # fmt: skip
    assert not report.all_answered


def test_the_run_ends_within_its_deadline_whatever_the_slow_server_does(tmp_path, server):
    """Six slow pages, one at a time, 0.5 s each: 3 s of timeouts, cut at 3 × 0.5 s."""
    urls = [f"{server}/slow?{n}" for n in range(6)]
    links = linkcheck.collect(data.load_file(directory_file(tmp_path, urls)))
    started = time.monotonic()
    report = linkcheck.check(links, timeout=0.5, concurrency=1)
    took = time.monotonic() - started
    assert took < 0.5 * linkcheck.DEADLINE_FACTOR + 0.5  # the deadline, plus time to cancel
    assert [r.verdict for r in report.results] == [Verdict.TIMEOUT] * 6
    details = [r.detail for r in report.results]
    assert details[:2] == ["no answer within 0.5 s"] * 2
    assert details[-1] == "no answer before the run's deadline of 1.5 s"


def test_requests_name_the_tool_and_its_version(tmp_path, server):
    links = linkcheck.collect(data.load_file(directory_file(tmp_path, [f"{server}/no-head"])))
    AGENTS.clear()
    linkcheck.check(links, timeout=2.0)
    assert AGENTS == [linkcheck.USER_AGENT] * 2  # HEAD, then GET
    assert linkcheck.USER_AGENT.startswith(f"sse-channels/{__version__} (link check of ")


@pytest.mark.parametrize(
    ("url", "final", "text"),
    [
        ("http://www.sse.com.cn/a/", "https://www.sse.com.cn/a/", "http → https"),
        ("http://www.sse.com.cn/a", "https://www.sse.com.cn/a/", "http → https"),
        ("http://www.sse.com.cn/a/", "https://www.sse.com.cn/b/", "moved"),
        ("https://bond.sse.com.cn/", "https://bond.sse.com.cn/home/", "moved"),
    ],
)
def test_a_redirect_says_how_the_page_moved(url, final, text):
    assert linkcheck.moved_text(url, final) == text


# ----------------------------------------------------------------------------- the command


def test_all_links_answer_exit_0_with_one_line_per_url(run, tmp_path, server):
    path = directory_file(tmp_path, [f"{server}/ok", f"{server}/moved", f"{server}/no-head"])
    code, out, err = run("--data", str(path), "check-links", "--timeout", "2")
    assert (code, err) == (0, "3 links: 3 answered (1 redirected), 0 did not\n")
    assert out.splitlines() == [
        TAB.join(["ok", "200", f"{server}/ok", "-", "-", "integrity.c1", SOURCE.format(n=1)]),
        TAB.join(
            [
                "redirected",
                "200",
                f"{server}/moved",
                f"{server}/ok",
                "moved",
                "integrity.c2",
                SOURCE.format(n=2),
            ]
        ),
        TAB.join(["ok", "200", f"{server}/no-head", "-", "-", "integrity.c3", SOURCE.format(n=3)]),
    ]


def test_a_broken_link_exits_1(run, tmp_path, server, refused):
    path = directory_file(tmp_path, [f"{server}/ok", f"{server}/missing", refused])
    code, out, err = run("--data", str(path), "check-links", "--timeout", "2")
    assert (code, err) == (1, "3 links: 1 answered (0 redirected), 2 did not\n")
    assert out.splitlines()[1:] == [
        TAB.join(
            [
                "http-error",
                "404",
                f"{server}/missing",
                "-",
                "HTTP 404 Not Found",
                "integrity.c2",
                SOURCE.format(n=2),
            ]
        ),
        TAB.join(
            ["refused", "-", refused, "-", "connection refused", "integrity.c3", SOURCE.format(n=3)]
        ),
    ]


def test_json_names_every_origin(run, tmp_path, server):
    path = directory_file(tmp_path, [f"{server}/moved"], ekey=f"{server}/moved")
    code, out, _ = run("--data", str(path), "check-links", "--json", "--timeout", "2")
    assert code == 0
    assert json.loads(out) == [
        {
            "url": f"{server}/moved",
            "verdict": "redirected",
            "answered": True,
            "status": 200,
            "final_url": f"{server}/ok",
            "redirects": [{"status": 301, "url": f"{server}/moved"}],
            "method": "HEAD",
            "detail": "moved",
            "origins": [
                {
                    "id": "integrity.c1",
                    "field": "contacts[0].url",
                    "source": {"row": "廉政监督", "item": "1", "page": 4},
                }
            ],
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "Invalid value for '--timeout'"),
        (["--concurrency", "0"], "Invalid value for '--concurrency'"),
        (["--write-date"], "error: --write-date updates a file: name it with --data FILE"),
        (["--nonsense"], "No such option: --nonsense"),
    ],
)
def test_usage_errors_exit_2(run, args, message):
    code, out, err = run("check-links", *args)
    assert (code, out) == (2, "")
    assert message in err


def test_an_invalid_directory_exits_2_with_its_problems(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DATA.read_text(encoding="utf-8").replace("kind: phone", "kind: fone", 1))
    code, out, err = run("--data", str(bad), "check-links")
    assert (code, out) == (2, "")
    line = next(n for n, text in enumerate(bad.read_text().splitlines(), 1) if "kind: fone" in text)
    assert err.startswith(f"error: {bad}:{line}: channels[3].kind: unknown value 'fone'")


# ----------------------------------------------------------------------------- the date


def test_write_date_changes_only_the_checked_line(run, tmp_path, server):
    path = directory_file(tmp_path, [f"{server}/ok"])
    os.chmod(path, 0o640)
    before = path.read_bytes()
    code, _, err = run("--data", str(path), "check-links", "--write-date", "--timeout", "2")
    today = now_beijing().date().isoformat()
    assert code == 0
    assert err.splitlines()[-1] == f"{path}: dates: checked set to {today}"
    old, new = before.splitlines(keepends=True), path.read_bytes().splitlines(keepends=True)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        (
            b"  checked: null       # when every link last answered; null: never checked\n",
            f"  checked: {today} # when every link last answered; null: never checked\n".encode(),
        )
    ]
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert data.validate_file(path) == []


def test_write_date_leaves_the_file_alone_when_a_link_is_broken(run, tmp_path, server):
    path = directory_file(tmp_path, [f"{server}/ok", f"{server}/missing"])
    before = path.read_bytes()
    code, _, err = run("--data", str(path), "check-links", "--write-date", "--timeout", "2")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"{path}: dates: checked left as it was, since not every link answered"
    )
    assert path.read_bytes() == before


def test_the_packaged_file_keeps_every_other_byte(tmp_path):
    copy = tmp_path / "channels.yaml"
    copy.write_bytes(DATA.read_bytes())
    assert linkcheck.write_checked_date(str(copy), dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    old, new = DATA.read_bytes().splitlines(), copy.read_bytes().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (
            b"  checked: null       # when every link last answered; null: never checked",
            b"  checked: 2026-12-01 # when every link last answered; null: never checked",
        )
    ]
    assert len(old) == len(new)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("dates:\n  checked: null\n", "dates:\n  checked: 2026-12-01\n"),
        ("dates:\r\n  checked: 2026-01-02\r\n", "dates:\r\n  checked: 2026-12-01\r\n"),
        (
            "\ufeffx: 1\ndates:  # when\n  # a note\n\n  checked: ~   # c\ny: 2\n",
            "\ufeffx: 1\ndates:  # when\n  # a note\n\n  checked: 2026-12-01 # c\ny: 2\n",
        ),
        (
            "dates:\n    checked:    null            # far\n",
            "dates:\n    checked:    2026-12-01      # far\n",
        ),
    ],
    ids=["bare", "crlf", "bom-comments", "wide"],
)
def test_the_date_line_edit(before, after):
    assert linkcheck.with_checked_date(before, dt.date(2026, 12, 1), "f.yaml") == after


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x: 1\n", "f.yaml: dates: no top-level `dates:` block to update"),
        (
            "dates:\n  document: null\nchecked: null\n",
            "f.yaml:1: dates.checked: the `dates:` block has no `checked:` line to update",
        ),
    ],
)
def test_a_file_without_the_date_line_is_refused(text, problem):
    with pytest.raises(DataError) as caught:
        linkcheck.with_checked_date(text, dt.date(2026, 12, 1), "f.yaml")
    assert str(caught.value) == problem


def test_write_date_refuses_an_edit_that_would_change_more(tmp_path):
    """A `checked:` line written as a block scalar cannot be edited in place: nothing written."""
    path = tmp_path / "odd.yaml"
    path.write_text("dates:\n  checked: |\n    never\n", encoding="utf-8")
    with pytest.raises(DataError, match="without changing something else"):
        linkcheck.write_checked_date(str(path), dt.date(2026, 12, 1))
    assert path.read_text(encoding="utf-8") == "dates:\n  checked: |\n    never\n"
