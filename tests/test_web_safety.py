"""What `serve` refuses and what it never shows: methods, sizes, encodings, hostile data,
the security headers, and no traceback for any input."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from sse_channels.web.app import create_app

from .conftest import DATA

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PATHS = [
    "/", "/?q=债券", "/results?q=债券", "/c/petitions.phone", "/c/petitions.phone.vcf",
    "/api/search?q=债券", "/api/channels/petitions.phone", "/static/app.js", "/nowhere",
]  # fmt: skip


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("path", ["/", "/api/search?q=债券", "/static/app.js", "/c/x"])
def test_only_get_and_head_are_answered(client, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_head_answers_without_a_body(client) -> None:
    response = client.head("/api/search?q=债券")
    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/search?q=", "/?q=", "/results?q="])
def test_a_query_over_200_characters_is_refused(client, path: str) -> None:
    assert client.get(path + "债" * 200).status_code != 414
    response = client.get(path + "债" * 201, headers={"accept-language": "en"})
    assert response.status_code == 414
    assert "the query is too long: at most 200 characters" in response.text


def test_a_huge_query_string_is_refused_before_it_is_read(client) -> None:
    response = client.get("/api/search?q=a&" + "x=1&" * 5000)
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "too_long"


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("q=%FF%FE", 400, "bad_encoding"),
        ("q=%E5%80", 400, "bad_encoding"),
        ("q=a&q=b", 400, "usage"),
        ("q=债券&n=1&n=2", 400, "usage"),
        ("q=债券&n=abc", 400, "usage"),
        ("q=债券&n=-1", 400, "usage"),
        ("q=债券&n=0", 400, "usage"),
        ("q=债券&n=1.5", 400, "usage"),
        ("q=债券&n=" + "9" * 150, 200, None),
        ("q=债券&n=" + "9" * 201, 414, "too_long"),
        ("q=%00", 400, "usage"),
        ("q=%E2%80%AE%E2%80%AE", 400, "usage"),
        ("q=债券&as=", 200, None),
        ("q=债券&lang=xx", 200, None),
        ("q=%", 404, "not_found"),
        ("q=债券&unknown=1&unknown=2", 200, None),
    ],
)
def test_odd_parameters_are_answered_cleanly(client, query: str, status: int, code) -> None:
    response = client.get("/api/search?" + query, headers={"accept-language": "en"})
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    if code is not None:
        assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    "path", ["/?q=%FF", "/c/%FF", "/c/%FF.vcf", "/c/..%2F..%2Fetc", "/static/..%2F..%2Fapp.py"]
)
def test_odd_paths_are_answered_cleanly(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "Traceback" not in response.text
    assert "import" not in response.text


def test_a_failure_inside_is_a_bare_500_and_its_traceback_goes_to_the_log(
    client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from sse_channels import api
    from sse_channels.web import api_routes

    api_routes._search_body.cache_clear()  # answers kept from other tests are not recomputed
    client.app.answered.clear()  # nor sent again before routing

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api, "search", broken)
    with caplog.at_level(logging.ERROR, logger="sse_channels.web"):
        for path in ("/api/search?q=债券", "/?q=债券"):
            response = client.get(path, headers={"accept-language": "en"})
            assert response.status_code == 500
            assert "secret internals" not in response.text
            assert "Traceback" not in response.text
            assert response.headers["content-security-policy"] == CSP
    assert "secret internals" in caplog.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=40), n=st.text(max_size=6))
def test_no_query_makes_the_api_fail(client, q: str, n: str) -> None:
    response = client.get("/api/search", params={"q": q, "n": n})
    assert response.status_code in (200, 400, 404), (q, n)
    assert "Traceback" not in response.text


# --------------------------------------------------------------------------- hostile data

HOSTILE_NAME = '信访<script>alert("x")</script>举报'
HOSTILE_EN = "\"><img src=x onerror=alert(1)> O'Brien & co"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    text = DATA.read_text(encoding="utf-8")
    text = text.replace(
        "name_zh: 信访举报电话\n", "name_zh: '信访<script>alert(\"x\")</script>举报'\n", 1
    )
    text = text.replace(
        "name_en: Petitions and reports phone line\n",
        "name_en: '\"><img src=x onerror=alert(1)> O''Brien & co'\n",
        1,
    )
    text = text.replace("label_zh: 转 1 后按 3\n", "label_zh: '<b onmouseover=x>转1</b>'\n", 1)
    path: Path = tmp_path_factory.mktemp("hostile") / "channels.yaml"
    path.write_text(text, encoding="utf-8")
    return TestClient(create_app(str(path)))


@pytest.mark.parametrize(
    "path",
    [
        "/?q=信访举报",
        "/results?q=信访举报",
        "/c/petitions.phone",
        "/c/petitions.phone?lang=en",
        "/?q=信访举报&lang=en",
        "/?q=",
    ],
)
def test_a_hostile_data_file_cannot_inject_markup(hostile, path: str) -> None:
    html = hostile.get(path).text
    assert "<script>" not in html and "<img" not in html and "<b " not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")  # the quote that would end href
    if path != "/?q=":
        assert "信访&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;举报" in html
    if "lang=en" in path:  # the English name is on the English page
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; co" in html


def test_hostile_names_reach_the_json_as_data(hostile) -> None:
    value = hostile.get("/api/channels/petitions.phone").json()[0]
    assert (value["name_zh"], value["name_en"]) == (HOSTILE_NAME, HOSTILE_EN)


def test_pages_have_no_inline_script_or_style(client) -> None:
    import re

    for path in ("/", "/?q=老鼠仓", "/c/petitions.phone", "/c/ipo-review.pre-filing", "/nowhere"):
        html = client.get(path).text
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
        assert not re.search(r"\son[a-z]+=", html), path
        assert not re.search(r"\sstyle=", html), path
        assert "javascript:" not in html
