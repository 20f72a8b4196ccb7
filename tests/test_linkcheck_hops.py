"""check-links and where redirects lead: no redirect body is read, and a public link may not
send the checker to an internal address. No test here sends a request to a link-local,
private or metadata address: the internal hops go to an in-memory transport that records
them, and the endless body comes from a server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sse_channels import model as m
from sse_channels.directory import linkcheck
from sse_channels.directory.linkcheck import Link, Origin, Verdict

ORIGIN = Origin("integrity.email", m.Source(row="廉政监督", item="1", page=4), "contacts[0].url")


def _link(url: str) -> tuple[Link, ...]:
    return (Link(url, (ORIGIN,)),)


# ----------------------------------------------------------------------------- endless bodies


class Endless(BaseHTTPRequestHandler):
    """/redirect: HEAD refused; GET 302 to /ok with a chunked body that does not end; /ok: 200."""

    protocol_version = "HTTP/1.1"
    sent: list[int]

    def do_HEAD(self) -> None:
        if self.path == "/ok":
            self.do_GET()
            return
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if self.path == "/ok":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(302)
        self.send_header("Location", "/ok")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(4096):  # 256 MiB at most, if the client kept reading
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.server.sent[0] += len(chunk)  # type: ignore[attr-defined]
        except OSError:
            pass  # the client hung up: what a checker that reads no body does

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def endless(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[int]]]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    httpd.daemon_threads = True
    httpd.sent = [0]  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.sent  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def test_a_redirect_with_an_endless_body_is_followed_without_reading_it(endless):
    base, sent = endless
    report = linkcheck.check(_link(f"{base}/redirect"), timeout=5)
    (result,) = report.results
    assert result.verdict is Verdict.REDIRECTED
    assert result.final_url == f"{base}/ok"
    assert [h.status for h in result.redirects] == [302]
    assert result.method == "GET"
    # What the socket buffers took before the client hung up, not the 256 MiB on offer.
    assert sent[0] < 64 * 1024 * 1024


# ----------------------------------------------------------------------------- internal hops


class Recorder:
    """An in-memory web: a public page that redirects where it is told to."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requested.append(str(request.url))
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"Location": self.location})
        return httpx.Response(200)


@pytest.fixture(autouse=True)
def _names(monkeypatch: pytest.MonkeyPatch) -> None:
    """public.example is public, internal.example a private address; nothing asks a resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> object:
        fixed = {"public.example": "93.184.216.34", "internal.example": "10.1.2.3"}
        if host in fixed:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (fixed[host], port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("location", "address"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.1:8080/admin", "127.0.0.1"),
        ("http://10.0.0.5/", "10.0.0.5"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://internal.example/", "internal.example = 10.1.2.3"),
        ("http://localhost/", "localhost = 127.0.0.1"),
    ],
)
def test_a_public_link_redirected_to_an_internal_address_is_refused(location, address):
    web = Recorder(location)
    report = linkcheck.check(
        _link("https://public.example/page"), timeout=5, transport=httpx.MockTransport(web)
    )
    (result,) = report.results
    assert result.verdict is Verdict.ERROR
    assert result.detail == f"redirected to an internal address ({address}); not followed"
    assert result.status == 302
    assert not report.all_answered  # so --write-date leaves the date alone
    assert all(httpx.URL(u).host == "public.example" for u in web.requested), web.requested


def test_a_public_link_redirected_to_a_public_address_is_followed():
    web = Recorder("https://www.public.example/new")
    report = linkcheck.check(
        _link("https://public.example/page"), timeout=5, transport=httpx.MockTransport(web)
    )
    (result,) = report.results
    assert result.verdict is Verdict.REDIRECTED
    assert result.final_url == "https://www.public.example/new"
    assert web.requested == ["https://public.example/page", "https://www.public.example/new"]


def test_a_local_link_may_not_lead_to_a_link_local_address():
    """A directory of one's own may point at a local server; that server still may not send
    the checker to the cloud metadata address."""
    web = Recorder("http://169.254.169.254/latest/")

    def local(request: httpx.Request) -> httpx.Response:
        web.requested.append(str(request.url))
        if request.url.host == "127.0.0.1":
            return httpx.Response(302, headers={"Location": web.location})
        return httpx.Response(200)

    report = linkcheck.check(
        _link("http://127.0.0.1:8080/page"), timeout=5, transport=httpx.MockTransport(local)
    )
    (result,) = report.results
    assert result.detail == "redirected to an internal address (169.254.169.254); not followed"
    assert all(httpx.URL(u).host == "127.0.0.1" for u in web.requested), web.requested


def test_a_local_link_may_lead_to_another_local_address():
    def local(request: httpx.Request) -> httpx.Response:
        if request.url.port == 8080:
            return httpx.Response(302, headers={"Location": "http://10.0.0.7/"})
        return httpx.Response(200)

    report = linkcheck.check(
        _link("http://127.0.0.1:8080/page"), timeout=5, transport=httpx.MockTransport(local)
    )
    (result,) = report.results
    assert result.verdict is Verdict.REDIRECTED
    assert result.final_url == "http://10.0.0.7/"


def test_a_closed_stderr_leaves_check_links_successful(endless, tmp_path):
    """The summary goes to stderr; with stderr closed the links still answered."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from .test_linkcheck import directory_file

    base, _ = endless
    data = directory_file(tmp_path, [f"{base}/ok"])
    exe = Path(sys.executable).with_name("sse-channels")
    done = subprocess.run(
        ["bash", "-c", f'"{exe}" --data "{data}" check-links 2>&-; echo "status=$?" >&2'],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=120,
    )
    assert done.stderr == "status=0\n"
    assert done.stdout.startswith(f"ok\t200\t{base}/ok\t")
