"""The JSON API answers with the bytes of the command's `--json`, for every README example.

Each example of a read command in README.md is run twice: through the CLI with `--json`, and
through the API route that mirrors it. An example without `--at` or `--from` gets a fixed
instant in both, since the answer depends on it.
"""

from __future__ import annotations

import re
import shlex
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from sse_channels.web.app import create_app

from .conftest import REPO

AT = "2026-11-26T10:00"
FROM = "2026-11-26"
COMMANDS = {"search", "show", "list", "dial", "hours", "due"}
OTHERS = {"open", "export", "validate", "check-links", "diff", "serve"}
# The options of the CLI and the API parameter each one is.
PARAMS = {"-n": "n", "--limit": "n", "--as": "as", "--at": "at", "--from": "from"}


def readme_examples() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"`(sse-channels [^`\n]+)`", readme)
    found += re.findall(r"^\$ (sse-channels [^\n]+)$", readme, re.M)
    return sorted({re.split(r"\\?\||#", c)[0].strip() for c in found})


def as_request(example: str) -> tuple[list[str], str] | None:
    """The CLI arguments (with --json) and the API address of an example; None when the
    example has no --json form (export, validate, open…)."""
    words = shlex.split(example)[1:]
    params: dict[str, str] = {}
    while words[:1] in (["--as"],):  # a global option before the command or the query
        params["as"] = words[1]
        words = words[2:]
    if not words or words[0] in OTHERS:
        return None
    command = words[0] if words[0] in COMMANDS else "search"
    rest = words[1:] if words[0] in COMMANDS else words
    query: list[str] = []
    explain = False
    i = 0
    while i < len(rest):
        if rest[i] in PARAMS:
            params[PARAMS[rest[i]]] = rest[i + 1]
            i += 2
            continue
        if rest[i] == "--explain":
            explain = True
        elif rest[i] != "--json":
            query.append(rest[i])
        i += 1
    if command in ("dial", "hours"):
        params.setdefault("at", AT)
    if command == "due":
        params.setdefault("from", FROM)
    argv = [command, *query]
    for name, value in params.items():
        argv += [{"n": "-n", "as": "--as", "at": "--at", "from": "--from"}[name], value]
    if explain:
        argv.append("--explain")
        params["explain"] = "1"
    argv.append("--json")
    if query:
        params = {"q": " ".join(query), **params}
    route = {"list": "channels"}.get(command, command)
    return argv, f"/api/{route}" + (f"?{urlencode(params)}" if params else "")


EXAMPLES = [(e, r) for e in readme_examples() if (r := as_request(e)) is not None]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_the_readme_examples_cover_every_api_route() -> None:
    routes = {url.split("?")[0] for _e, (_argv, url) in EXAMPLES}
    assert routes >= {
        "/api/search", "/api/show", "/api/channels", "/api/dial", "/api/hours", "/api/due",
    }  # fmt: skip
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("example", "request_"), EXAMPLES, ids=[e for e, _r in EXAMPLES])
def test_api_body_is_the_cli_json(run, client, example: str, request_) -> None:
    argv, url = request_
    code, out, err = run(*argv)
    response = client.get(url)
    assert response.text == out, (argv, url)
    assert response.headers["content-type"] == "application/json"
    assert (code, response.status_code) in ((0, 200), (1, 404)), (code, err)


def test_a_channel_is_the_json_of_show_with_its_id(run, client) -> None:
    code, out, _err = run("show", "petitions.phone", "--json")
    response = client.get("/api/channels/petitions.phone")
    assert (code, response.status_code, response.text) == (0, 200, out)


def test_the_whole_directory_is_the_json_export(run, client) -> None:
    code, out, _err = run("export", "-f", "json")
    assert (code, client.get("/api/overview").text) == (0, out)


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/search?q=嘤嘤嘤", 404, "not_found"),
        ("/api/search?q=", 400, "usage"),
        ("/api/search", 400, "usage"),
        ("/api/search?q=债券&as=alien", 400, "usage"),
        ("/api/dial?q=债券&at=yesterday-ish", 400, "usage"),
        ("/api/due?q=申报前&from=2026-13-45", 400, "usage"),
        ("/api/due?q=投资者服务热线&from=2026-09-28", 404, "not_found"),
        ("/api/channels/no.such.channel", 404, "not_found"),
        ("/api/nothing-here", 404, "not_found"),
    ],
)
def test_errors_are_json_with_a_code_and_the_exit_status(client, url, status, code) -> None:
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_an_error_lists_the_suggestions_the_cli_prints(run, client) -> None:
    code, _out, err = run("due", "投资者服务热线", "--from", "2026-09-28")
    error = client.get(
        "/api/due?q=投资者服务热线&from=2026-09-28", headers={"accept-language": "en"}
    ).json()["error"]
    assert code == 1
    assert err.splitlines()[0] == f"error: {error['message']}"
    assert err.splitlines()[1] == "closest: " + " · ".join(error["suggestions"])


def test_error_messages_speak_the_page_language_and_the_bodies_do_not(client) -> None:
    zh = client.get("/api/search?q=嘤嘤嘤").json()["error"]["message"]
    en = client.get("/api/search?q=嘤嘤嘤&lang=en").json()["error"]["message"]
    assert (zh, en) == ("未找到与 '嘤嘤嘤' 相关的渠道", "nothing found for '嘤嘤嘤'")
    assert client.get("/api/search?q=债券").text == client.get("/api/search?q=债券&lang=en").text


def test_a_search_asked_again_is_the_same_answer_with_the_same_headers() -> None:
    """The second time, the answer comes from the answers kept before routing: byte for byte
    and header for header what the route gave (the date aside)."""
    fresh = TestClient(create_app())
    first = fresh.get("/api/search?q=%E5%80%BA%E5%88%B8&n=3")
    assert fresh.app.answered.get(b"q=%E5%80%BA%E5%88%B8&n=3") == first.content
    again = fresh.get("/api/search?q=%E5%80%BA%E5%88%B8&n=3")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert sorted(again.headers.items()) == sorted(
        (k, v) for k, v in first.headers.items() if k != "date"
    )


def test_a_refused_search_is_not_kept() -> None:
    fresh = TestClient(create_app())
    url = "/api/search?q=&lang=en"
    assert fresh.get(url).status_code == 400
    again = fresh.get(url)
    assert again.status_code == 400 and again.json()["error"]["code"] == "usage"
    zh = fresh.get("/api/search?q=&lang=zh")
    assert (
        zh.status_code == 400 and zh.json()["error"]["message"] != again.json()["error"]["message"]
    )
