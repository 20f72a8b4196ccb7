"""vCard export of a subset: labelled TELs, phone numbers without backslashes."""

from __future__ import annotations

import pytest

from sse_channels import store
from sse_channels.formats.vcard import to_vcard

vobject = pytest.importorskip("vobject")


@pytest.fixture
def tech() -> str:
    d = store.load(None)[0]
    return to_vcard([c for c in d.channels if c.area == "tech"], d)


def test_exactly_the_technical_services_cards(tech: str) -> None:
    uids = [c.uid.value for c in vobject.readComponents(tech)]
    # tech.qq and tech.wechat have nothing a phone book holds
    assert uids == [
        "urn:sse-channels:tech.hotline",
        "urn:sse-channels:tech.email",
        "urn:sse-channels:tech.tradingtech",
    ]


def test_hotline_has_four_labelled_tels_without_backslashes(tech: str) -> None:
    lines = tech.split("\r\n")
    tels = [x for x in lines if ".TEL" in x or x.startswith("TEL")]
    assert all("\\" not in x for x in tels)
    raw = [vobject.base.textLineToContentLine(x) for x in tels]
    assert [(t.group, t.value) for t in raw] == [
        ("item1", "+864008888400,2,1"),
        ("item2", "+864008888400,2,3"),
        ("item3", "+864008888400,2,4,1"),
        ("item4", "+864008888400,2,4,2"),
    ]
    hotline = next(iter(vobject.readComponents(tech)))
    labels = {x.group: x.value for x in hotline.contents["x-ablabel"]}
    assert labels == {
        "item1": "trading technology",
        "item2": "lines and connectivity",
        "item3": "industry cloud - SSE quote cloud",
        "item4": "industry cloud - Zhengtong cloud and Xinchuang cloud",
    }
    assert "trading technology: 4008888400 → 2 → 1" in hotline.note.value


def test_lines_fold_at_75_octets(tech: str) -> None:
    assert max(len(x.encode()) for x in tech.split("\r\n")) <= 75
    assert tech.endswith("END:VCARD\r\n")


def test_export_vcard_of_an_area(run, tech: str) -> None:
    code, out, err = run("export", "-f", "vcard", "技术")
    assert (code, err) == (0, "")
    assert out.replace("\n", "\r\n") == tech or out == tech


def test_the_card_speaks_the_interface_language(run) -> None:
    zh = run("--lang", "zh", "export", "-f", "vcard", "廉政监督电话")[1].splitlines()
    en = run("--lang", "en", "export", "-f", "vcard", "廉政监督电话")[1].splitlines()
    assert "FN:上交所廉政监督电话" in zh
    assert "FN:SSE Integrity supervision phone line · 廉政监督电话" in en
    assert [x for x in zh if x.startswith("TEL")] == [x for x in en if x.startswith("TEL")]
