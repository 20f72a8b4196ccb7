"""The dataset against the annex 渠道一览表: every fact in its area, every link on the words it
sat on, nothing the annex does not give. A fact the annex does not give, or one filed under
the wrong area, makes a test here fail."""

import itertools
import json
import re
from collections import Counter

import pytest

from sse_channels import model as m
from sse_channels.directory import parse as data

from .annex import (
    ANNEX_URLS,
    AREA_IDS,
    AREAS,
    CNSCA,
    DERIVED_AREAS,
    EKEY_SYSTEMS,
    EXTENSIONS,
    FACTS,
    HOURS,
    LINKS,
    LISTED_CO_HOURS,
    NO_HOURS,
    ON_AIR,
    RESPONSES,
    STAFFED,
    Fact,
    account,
    address,
    all_contacts,
    area_facts,
    channels_with,
    dial,
    email,
    expected_facts,
    fact_id,
    facts_of,
    fax,
    link,
    newspaper,
    nospace,
    radio,
)


@pytest.fixture(scope="module")
def directory() -> m.Directory:
    return data.load_packaged()


@pytest.fixture(scope="module")
def raw_text() -> str:
    return data.packaged_bytes().decode("utf-8")


# ----------------------------------------------------------------------------- 1. facts present


@pytest.mark.parametrize(("area_id", "fact"), FACTS, ids=[fact_id(a, f) for a, f in FACTS])
def test_annex_fact_is_in_its_area(directory, area_id, fact):
    assert fact in area_facts(directory, area_id)


@pytest.mark.parametrize(
    ("area_id", "key", "windows", "meaning"),
    HOURS,
    ids=[fact_id(a, k) for a, k, _, _ in HOURS],
)
def test_published_hours_are_on_their_line(directory, area_id, key, windows, meaning):
    [channel] = channels_with(directory, area_id, key)
    assert channel.hours is not None
    assert channel.hours.days is m.DayBasis.TRADING_DAYS
    assert tuple(str(w) for w in channel.hours.windows) == windows
    assert channel.hours.meaning is meaning


def test_only_the_independent_director_route_lacks_the_channels_hours(directory):
    """3(4): the hours are the independent-director hotline's, whose number is in the company
    system; the annex gives none for 4008888400 转 1."""
    without = [ch.id for ch in directory.channels for p in ch.phones() if not p.hours_published]
    assert without == ["listed-co.independent-directors"]
    ined = next(ch for ch in directory.channels if ch.id == without[0])
    assert ined.hours is not None and ined.phone_hours is None


def test_no_hours_but_the_published_ones(directory):
    hour_keys = [(a, k) for a, k, _, _ in HOURS]
    with_hours = {ch.id for ch in directory.channels if ch.hours is not None}
    expected = {ch.id for a, k in hour_keys for ch in channels_with(directory, a, k)}
    assert with_hours == expected


@pytest.mark.parametrize(("area_id", "key"), NO_HOURS, ids=[fact_id(a, k) for a, k in NO_HOURS])
def test_lines_without_published_hours_have_none(directory, area_id, key):
    found = channels_with(directory, area_id, key)
    assert found
    assert [ch.hours for ch in found] == [None] * len(found)


@pytest.mark.parametrize(
    ("area_id", "amount", "undertaking", "way_in"),
    RESPONSES,
    ids=[f"{a}-{n}-days" for a, n, _, _ in RESPONSES],
)
def test_published_response_times(directory, area_id, amount, undertaking, way_in):
    matches = [
        ch
        for ch in directory.in_area(area_id)
        if ch.response is not None
        and ch.response.amount == amount
        and ch.response.unit is m.ResponseUnit.WORKING_DAYS
        and undertaking in ch.response.text_zh
        and any(way_in in c.what_zh + c.where_zh for c in ch.contacts if isinstance(c, m.Via))
    ]
    assert len(matches) == 1


def test_no_response_times_but_the_published_ones(directory):
    found = Counter(
        (ch.area, ch.response.amount) for ch in directory.channels if ch.response is not None
    )
    assert found == Counter((a, n) for a, n, _, _ in RESPONSES)


# ----------------------------------------------------------------------------- 2. links


def test_hand_written_link_tables_agree():
    http = [k.url for k in LINKS if k.url.startswith("http")]
    assert set(http) == ANNEX_URLS
    assert len(ANNEX_URLS) == 38
    assert Counter(k.page for k in LINKS) == {1: 17, 2: 21, 3: 11, 4: 6}
    assert http.count(CNSCA) == 9


@pytest.mark.parametrize("occurrence", LINKS, ids=[f"p{k.page}-{k.area}-{k.kind}" for k in LINKS])
def test_link_is_attached_to_its_item(directory, occurrence):
    k = occurrence
    contacts = [c for ch in directory.in_area(k.area) for c in ch.contacts]

    def named(text: str) -> bool:
        assert k.words is not None
        words = nospace(k.words)
        return nospace(text) == words if k.exact else words in nospace(text)

    if k.kind == "web":
        hits = [
            c for c in contacts if isinstance(c, m.Web) and c.url == k.url and named(c.title_zh)
        ]
    elif k.kind == "system":
        hits = [
            c for c in contacts if isinstance(c, m.System) and c.url == k.url and named(c.name_zh)
        ]
    elif k.kind == "ekey":
        hits = [
            c
            for c in contacts
            if isinstance(c, m.System)
            and c.ekey_url == k.url
            and (k.words is None or named(c.name_zh))
        ]
    else:
        assert k.url.startswith("mailto:") and k.url.endswith(k.words)
        hits = [c for c in contacts if isinstance(c, m.Email) and c.address == k.words]
    assert hits, f"{k.url} is not attached to {k.words!r} in {k.area}"


def test_ekey_is_exactly_on_the_systems_that_say_so(directory):
    with_ekey = {
        (ch.area, c.name_zh)
        for ch, c in all_contacts(directory)
        if isinstance(c, m.System) and c.ekey_url is not None
    }
    assert len(with_ekey) == len(EKEY_SYSTEMS)
    for area_id, words in EKEY_SYSTEMS:
        assert any(a == area_id and words in name for a, name in with_ekey), (area_id, words)
    assert {c.ekey_url for ch, c in all_contacts(directory) if isinstance(c, m.System)} == {CNSCA}


def test_channel_source_page_lists_its_links(directory):
    pages: dict[str, set[int]] = {}
    for k in LINKS:
        if not k.url.startswith("http"):
            continue
        for ch in directory.in_area(k.area):
            if link(k.url) in facts_of(ch):
                pages.setdefault(ch.id, set()).add(k.page)
    wrong = {
        ch.id: (ch.source.page, pages[ch.id])
        for ch in directory.channels
        if ch.id in pages and ch.source.page not in pages[ch.id]
    }
    assert wrong == {}


def test_no_url_outside_the_annex(directory, raw_text):
    structured = {
        u
        for _, c in all_contacts(directory)
        for u in (
            (c.url,)
            if isinstance(c, m.Web)
            else (c.url, c.ekey_url)
            if isinstance(c, m.System)
            else ()
        )
        if u
    }
    in_text = set(re.findall(r"https?://[^\s,\]}\"'<>]+", raw_text))
    assert structured == ANNEX_URLS
    assert in_text <= ANNEX_URLS


# ----------------------------------------------------------------------------- 3. nothing invented

TABLE_NUMBERS = {f[1] for _, f in FACTS if f[0] in ("dial", "fax")}
TABLE_EMAILS = {f[1] for _, f in FACTS if f[0] == "email"}
TABLE_POSTCODES = {f[2] for _, f in FACTS if f[0] == "address" and f[2]}
TABLE_QQ = {f[2] for _, f in FACTS if f[0] == "account" and f[1] == "qq-group"}
TABLE_ACCOUNTS = {f for _, f in FACTS if f[0] == "account"}


def _dataset_values(directory: m.Directory, what: str) -> set[str]:
    contacts = [c for _, c in all_contacts(directory)]
    if what == "phone and fax numbers":
        return {c.number for c in contacts if isinstance(c, (m.Phone, m.Fax))}
    if what == "e-mail addresses":
        return {c.address for c in contacts if isinstance(c, m.Email)}
    if what == "postcodes":
        return {c.postcode for c in contacts if isinstance(c, m.Address) and c.postcode}
    if what == "QQ groups":
        return {
            c.account_id or c.name
            for c in contacts
            if isinstance(c, m.Account) and c.platform is m.Platform.QQ_GROUP
        }
    if what == "URLs":
        return {c.url for c in contacts if isinstance(c, (m.Web, m.System))}
    raise AssertionError(what)


@pytest.mark.parametrize(
    ("what", "table"),
    [
        ("phone and fax numbers", TABLE_NUMBERS),
        ("e-mail addresses", TABLE_EMAILS),
        ("postcodes", TABLE_POSTCODES),
        ("QQ groups", TABLE_QQ),
        ("URLs", ANNEX_URLS),
    ],
)
def test_dataset_holds_no_contact_the_annex_does_not_give(directory, what, table):
    values = _dataset_values(directory, what)
    assert values, what
    assert values - table == set()


def test_free_text_mentions_only_annex_numbers(raw_text):
    """Summaries, notes and labels may repeat a number, but never one the annex lacks."""
    raw_text = re.sub(r"^dates:\n(?:  .*\n)+", "", raw_text, flags=re.M)  # ours, not the annex's
    tokens = re.findall(r"(?<![\d.:])\d+(?:-\d+)*(?![\d.:])", raw_text)
    long_numbers = {t for t in tokens if sum(ch.isdigit() for ch in t) >= 5}
    long_numbers -= set(re.findall(r"^\s+\w+: (\d{4}-\d\d-\d\d)", raw_text, re.M))  # dates block
    assert long_numbers <= TABLE_NUMBERS | TABLE_POSTCODES | TABLE_QQ
    assert {"4008888400", "021-68601281", "200127", "298643611"} <= long_numbers
    extensions = set(re.findall(r"分机\s*(\d+)", raw_text)) | set(
        re.findall(r"拨\s*(\d{3,})", raw_text)
    )
    assert extensions == EXTENSIONS


def test_free_text_mentions_only_annex_mailboxes(raw_text):
    found = set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", raw_text))
    assert found == TABLE_EMAILS


def test_free_text_mentions_only_annex_windows(raw_text):
    found = set(re.findall(r"\d{2}:\d{2}-\d{2}:\d{2}", raw_text))
    assert found == set(STAFFED) | set(LISTED_CO_HOURS) | set(ON_AIR)


def test_no_account_the_annex_does_not_give(directory):
    found = {
        account(c.platform.value, c.account_id or c.name)
        for _, c in all_contacts(directory)
        if isinstance(c, m.Account)
    }
    assert found == TABLE_ACCOUNTS


# ----------------------------------------------------------------------------- 4. per area


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_area_holds_exactly_what_the_annex_gives_it(directory, area_id):
    assert area_facts(directory, area_id) == expected_facts(area_id)


# ----------------------------------------------------------------------------- 5. structure


def test_areas_in_annex_order_with_chinese_names(directory):
    assert [(a.id, a.name_zh) for a in directory.areas] == AREAS + DERIVED_AREAS


def test_channel_ids_are_unique(directory):
    ids = [ch.id for ch in directory.channels]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_channels_follow_the_annex_row_order(directory):
    runs = [area for area, _ in itertools.groupby(ch.area for ch in directory.channels)]
    assert runs == AREA_IDS + [a for a, _ in DERIVED_AREAS]


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_source_row_is_the_area_name(directory, area_id):
    name = dict(AREAS)[area_id]
    channels = directory.in_area(area_id)
    assert channels
    assert {ch.source.row for ch in channels} == {name}
    assert all(ch.id.startswith(f"{area_id}.") for ch in channels)


def test_via_references_resolve(directory):
    refs = [c.channel_id for _, c in all_contacts(directory) if isinstance(c, m.Via)]
    assert refs
    assert [r for r in refs if r is not None and directory.channel(r) is None] == []


# ----------------------------------------------------------------------------- 6. through the CLI


def facts_of_json(channel: dict) -> set[Fact]:
    """The contact facts of one `show --json` record, in the shape of the hand-written table."""
    out: set[Fact] = set()
    for c in channel["contacts"]:
        kind = c["type"]
        if kind == "phone":
            routes = {dial(*r["steps"], number=c["number"]) for r in c["routes"]}
            out |= routes or {dial(number=c["number"])}
        elif kind == "fax":
            out.add(fax(c["number"]))
        elif kind == "email":
            out.add(email(c["address"]))
        elif kind == "web":
            out.add(link(c["url"]))
        elif kind == "system":
            out.add(link(c["url"]))
            if c["ekey_url"]:
                out.add(link(c["ekey_url"]))
        elif kind == "address":
            out.add(address(nospace(c["text_zh"]), c["postcode"]))
        elif kind == "account":
            out.add(account(c["platform"], c["id"] or c["name"]))
        elif kind == "newspaper":
            out.add(newspaper(c["name_zh"]))
        elif kind == "radio":
            out.add(radio(c["station_zh"], c["frequency"], c["programme_zh"]))
    return out


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_show_area_json_holds_exactly_what_the_annex_gives_it(run, area_id):
    name_zh = dict(AREAS)[area_id]
    code, out, err = run("show", name_zh, "--json")
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert {r["area"]["id"] for r in records} == {area_id}
    assert set().union(*(facts_of_json(r) for r in records)) == expected_facts(area_id)
