"""The page: its language, the result cards with their links, the areas, a channel's page with
every field, its QR codes and downloads. Rendered by the server, read as HTML."""

from __future__ import annotations

import re
from html import unescape

import pytest
from starlette.testclient import TestClient

from sse_channels import api, l10n
from sse_channels.web.app import create_app

from .conftest import REPO


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("accept", "query", "lang"),
    [
        ("", "", "zh-CN"),
        ("en-US,en;q=0.9", "", "en"),
        ("en;q=0.5, zh-CN;q=0.9", "", "zh-CN"),
        ("fr-FR, en;q=0.8", "", "en"),
        ("fr-FR", "", "zh-CN"),
        ("zh-CN", "?lang=en", "en"),
        ("en", "?lang=zh", "zh-CN"),
    ],
)
def test_the_page_speaks_chinese_first(client, accept: str, query: str, lang: str) -> None:
    html = client.get("/" + query, headers={"accept-language": accept}).text
    assert _lang(html) == lang
    heading = "查找上海证券交易所的对口渠道" if lang == "zh-CN" else "Find the right desk"
    assert heading in html


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-id="([^"]+)">', html)


def test_a_search_is_rendered_without_javascript(client) -> None:
    html = client.get("/?q=老鼠仓").text
    assert _cards(html)[0] == "petitions.phone"
    first = html[html.index('data-id="petitions.phone"') :]
    first = first[: first.index("</li>")]
    assert '<a class="tel" href="tel:+864008888400,1,3">4008888400 → 1 → 3</a>' in first
    assert '<a href="/c/petitions.phone?lang=zh">信访举报电话</a>' in first


def test_the_results_follow_the_search_order(client) -> None:
    answer = api.search("债券", limit=10)
    assert _cards(client.get("/?q=债券").text) == [r.channel.id for r in answer.results]
    assert _cards(client.get("/results?q=债券").text) == [r.channel.id for r in answer.results]


def test_a_card_has_mailto_site_links_and_hours(client) -> None:
    html = client.get("/?q=债券&lang=en").text
    assert '<a class="link" href="mailto:bondsse@sse.com.cn"' in html
    assert re.search(r'<a class="link" href="https://[^"]+" rel="noopener noreferrer">', html)
    assert "trading days 08:45-11:30, 13:00-17:00 · <span class=" in html


def test_a_card_says_whether_the_line_is_staffed_now(client) -> None:
    from sse_channels.output.plain import status_text

    report = api.staffed("投资者服务热线")
    state = dict((c.id, st) for c, st in report.rows)["investor-services.hotline"]
    html = client.get("/?q=投资者服务热线&lang=en").text
    kind = "open" if state is not None and state.open else "closed"
    assert state is not None
    assert f'<span class="{kind}">{status_text(state)}</span>' in html


def test_nothing_found_says_so_with_suggestions(client) -> None:
    html = client.get("/?q=qqqq&lang=en").text
    assert "<ol" not in html
    assert "nothing found for &#39;qqqq&#39;" in html
    assert (
        'Did you mean: <a href="/?q=%E6%8A%80%E6%9C%AF%E6%9C%8D%E5%8A%A1QQ%E7%BE%A4&amp;lang=en">'
        in html
    )
    html = client.get("/?q=嘤嘤嘤&lang=en").text
    assert "nothing found for &#39;嘤嘤嘤&#39;" in html


def test_an_empty_box_shows_the_areas(client) -> None:
    html = client.get("/").text
    names = re.findall(r"<h3><a href=\"/\?q=[^\"]+\">([^<]+)</a></h3>", html)
    assert names == [row.area.name_zh for row in api.overview().rows]
    assert len(names) == 14
    assert 'href="tel:+864008888400,6,1959"' in html


def test_the_results_fragment_is_only_the_results(client) -> None:
    html = client.get("/results?q=老鼠仓").text
    assert "<html" not in html and "<form" not in html
    assert _cards(html)[0] == "petitions.phone"


def test_the_form_is_labelled_and_comes_before_the_results(client) -> None:
    html = client.get("/").text
    assert '<label for="q">业务领域、渠道、主题、拼音或号码</label>' in html
    assert re.search(r'<input id="q" name="q" type="search"', html)
    assert html.index('id="q"') < html.index('id="results"')
    assert '<section id="results" aria-live="polite"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_a_chinese_card_says_how_sure_in_chinese(client) -> None:
    assert '<p class="confidence high">匹配度：高</p>' in client.get("/?q=老鼠仓").text
    low = client.get("/?q=规则").text
    assert '<p class="confidence low">匹配度：低，未必是对口渠道</p>' in low


def test_each_card_says_how_sure_the_search_is(client) -> None:
    sure = client.get("/?q=老鼠仓&lang=en").text
    assert '<p class="confidence high">confidence: high</p>' in sure
    assert "not sure" not in sure
    guess = client.get("/?q=规则&lang=en").text
    assert '<p class="confidence low">confidence: low, not sure this is the right desk</p>' in guess
    assert (
        '<p class="note">not sure this is the right desk; if in doubt, call'
        " Investor service hotline · 投资者服务热线 4008888400 → 1</p>" in unescape(guess)
    )


def test_a_question_with_no_desk_says_whom_to_call(client) -> None:
    html = unescape(client.get("/?q=北交所上市咨询&lang=en").text)
    assert '<p class="problem">no desk of the exchange for this: “北交所上市咨询”</p>' in html
    assert (
        '<p class="note">if in doubt, call Investor service hotline · 投资者服务热线'
        " 4008888400 → 1</p>" in html
    )


def test_the_english_overview_says_the_main_line_in_english(client) -> None:
    assert '<span class="note">service hotline, press 1</span>' in client.get("/?lang=en").text
    assert '<span class="note">服务热线转 1</span>' in client.get("/?lang=zh").text


def test_the_page_gives_no_command_line_advice(client) -> None:
    for path in (
        "/?q=现在有人接电话吗&lang=en",
        "/?q=qqqqzzzz&lang=en",
        "/?q=老鼠仓&as=tech&lang=en",
    ):
        html = client.get(path).text
        assert "sse-channels" not in html.replace("/api/search", ""), path
        assert "--as" not in html, path


def test_a_chinese_card_shows_chinese_and_an_english_card_both_names(client) -> None:
    zh = client.get("/?q=老鼠仓&lang=zh").text
    assert "信访举报电话</a></h2>" in zh
    assert "Petitions and reports phone line" not in zh
    en = client.get("/?q=老鼠仓&lang=en").text
    assert "Petitions and reports phone line</a></h2>" in en
    assert '<p class="beside" lang="zh-CN">信访举报电话</p>' in en


def test_a_channel_page_shows_every_field(client) -> None:
    ch = api.load().channel("listed-co.complex-questions")
    assert ch is not None
    html = unescape(client.get(f"/c/{ch.id}?lang=en").text)
    for value in (ch.id, ch.name_zh, ch.name_en, ch.summary_en, *ch.notes_zh):
        assert value in html
    assert ch.summary_zh not in html  # one language a page
    zh = unescape(client.get(f"/c/{ch.id}").text)
    assert ch.summary_zh in zh and ch.summary_en not in zh and ch.name_en not in zh
    assert "、".join(ch.aliases) in html
    assert f"渠道一览表 {ch.source.row} {ch.source.item}" in html
    assert "<dt>kind of channel</dt><dd>phone</dd>" in html
    assert "<dt>渠道类型</dt><dd>电话</dd>" in client.get(f"/c/{ch.id}").text


def test_a_channel_page_has_a_qr_code_per_line(client) -> None:
    html = client.get("/c/tech.hotline").text
    from sse_channels.dial import dial_lines

    ch = api.load().channel("tech.hotline")
    assert ch is not None
    uris = [d.tel_uri for d in dial_lines(ch)]
    assert len(uris) > 1
    assert html.count("<svg") == len(uris)
    for uri in uris:
        assert f'aria-label="{uri} 的二维码"' in html


def test_the_qr_code_is_the_one_dial_qr_draws(client) -> None:
    """The same code as `dial --qr-out` (tests/test_qr.py reads those back with zbarimg)."""
    from sse_channels.handoff.qr import code

    html = client.get("/c/petitions.phone").text
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    uri = "tel:+864008888400,1,3"
    assert svg == code(uri).svg_inline(scale=4, border=4, title=uri)
    assert "<title>tel:+864008888400,1,3</title>" in svg


def test_the_vcard_download_is_the_export(client) -> None:
    from sse_channels.formats.vcard import to_vcard

    d = api.load()
    response = client.get("/c/petitions.phone.vcf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/vcard; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="petitions.phone.vcf"'
    with l10n.speaking("zh"):  # the page's language, spoken in the request's context only
        assert response.text == to_vcard([d.channel("petitions.phone")], d)


def test_the_ics_download_is_the_deadline_of_a_request_made_today(client) -> None:
    import icalendar

    answer = api.due("ipo-review.pre-filing").answers[0]
    response = client.get("/c/ipo-review.pre-filing.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    event = next(iter(icalendar.Calendar.from_ical(response.content).walk("VEVENT")))
    assert event["DTSTART"].dt == answer.deadline.due
    html = client.get("/c/ipo-review.pre-filing").text
    assert 'href="/c/ipo-review.pre-filing.ics"' in html


def test_a_channel_without_a_response_time_has_no_ics(client) -> None:
    assert client.get("/c/petitions.phone.ics").status_code == 404
    assert ".ics" not in client.get("/c/petitions.phone").text


def test_an_unknown_channel_is_a_404_page(client) -> None:
    response = client.get("/c/no.such")
    assert response.status_code == 404
    assert "页面不存在" in response.text


def test_every_text_of_the_templates_is_in_the_catalog() -> None:
    from babel.messages.pofile import read_po

    pot = REPO / "src" / "sse_channels" / "locale" / "sse_channels.pot"
    with pot.open("rb") as f:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f)}
    templates = REPO / "src" / "sse_channels" / "web" / "templates"
    used = set()
    for path in templates.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"_\(\"([^\"]+)\"\)", text))
        used |= set(re.findall(r"_\('([^']+)'\)", text))
        used |= set(re.findall(r"pgettext\(\"(?:match )?field\", \"([^\"]+)\"\)", text))
    assert len(used) > 20
    assert used - known == set()
