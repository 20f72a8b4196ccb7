"""Search: the top result for a core set of real queries, and the labelled set's coverage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sse_channels import store
from sse_channels.search import terms_of

from .conftest import search_quality

QUERIES = yaml.safe_load(
    (Path(__file__).parent / "data" / "search_queries.yaml").read_text(encoding="utf-8")
)

# (query, the channel that must come first) — one or more per kind of query people type.
CORE = [
    # Chinese keywords and paraphrases
    ("再融资", "ipo-review.system"),
    ("独立董事邮箱", "listed-co.independent-directors"),
    ("上市公司联络人", "listed-co.liaison"),
    ("投资者热线", "investor-services.hotline"),
    ("科创板 做市", "innovative-products.rules"),
    ("投诉券商", "investor-services.hotline"),
    ("独董咨询电话是多少", "listed-co.independent-directors"),
    ("上证行情云", "tech.hotline"),
    ("敲钟", "underwriting.listing-ceremony"),
    ("中签查询", "investor-services.personal-center"),
    # pinyin, with polyphonic readings of the domain, and initials
    ("touzizhe", "investor-services.hotline"),
    ("kechuangban zuoshi", "innovative-products.rules"),
    ("hangqing", "tech.hotline"),
    ("chongzu", "ipo-review.system"),
    ("tzzrx", "investor-services.hotline"),
    ("zqyx", "bond-review.email"),
    # English
    ("investor hotline", "investor-services.hotline"),
    ("fax", "integrity.fax"),
    ("petition letter", "petitions.letter"),
    ("training course", "training.site"),
    ("membership rules", "member.rules"),
    ("email address for bond enquiries", "bond-review.email"),
    ("how to book a listing ceremony", "underwriting.listing-ceremony"),
    # typos and near-homophones
    ("投资者服物", "investor-services.hotline"),
    ("zhaiqaun youxiang", "bond-review.email"),
    ("disclousure system", "listed-co.system"),
    # numbers in any format
    ("7999", "market-services.hq"),
    ("1959", "bond-review.phone"),
    ("4008888400 → 6 → 1959", "bond-review.phone"),
    ("028 6011 9091", "market-services.west"),
    ("(028)60119091", "market-services.west"),
    ("+86 21 6860 1281", "integrity.fax"),
    ("tech_support", "tech.email"),
    ("bondsse@sse.com.cn", "bond-review.email"),
    # several words, each narrowing
    ("债券 邮箱", "bond-review.email"),
    ("投资者 邮箱", "investor-services.email"),
    ("北京 电话", "market-services.north"),
    ("上交所 地址", "market-services.hq"),
    ("fax number", "integrity.fax"),
    ("IPO filing system login", "ipo-review.system"),
    # a topic with no such contact: the topic wins over every phone line of the exchange
    ("期权 电话", "innovative-products.options"),
    ("会员 电话", "member.rules"),
    # the things a channel's contacts carry: a certificate, a postcode, a frequency
    ("966", "investor-services.radio"),
    ("FM96.6", "investor-services.radio"),
    # a Latin word run into Chinese; the main number then an extension; the tool's own tel: URI
    ("IPO咨询电话", "ipo-review.phone"),
    ("ETF咨询", "innovative-products.fund-platform"),
    ("4008888400 1959", "bond-review.phone"),
    ("tel:+864008888400,6,7509", "underwriting.phone"),
    # what people call the desk, the offence, the habit
    ("董秘", "listed-co.liaison"),
    ("board secretary", "listed-co.liaison"),
    ("行贿", "integrity.phone"),
    ("打新", "investor-services.personal-center"),
    ("SSE hotline", "investor-services.hotline"),
]


@pytest.mark.parametrize("query", ["nope", "开户", "xyzzy"])
def test_no_meaningless_near_miss(searcher, query):
    """Sharing letters with a word of the data (nope/open, 开户/公开) is not a match."""
    assert searcher.search(query) == []


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("EKey", lambda ch: any(getattr(c, "ekey_url", None) for c in ch.contacts)),
        ("数字证书", lambda ch: any(getattr(c, "ekey_url", None) for c in ch.contacts)),
        ("邮编", lambda ch: any(getattr(c, "postcode", None) for c in ch.contacts)),
        ("postcode", lambda ch: any(getattr(c, "postcode", None) for c in ch.contacts)),
    ],
    ids=["EKey", "数字证书", "邮编", "postcode"],
)
def test_a_contact_property_finds_every_channel_with_it(searcher, query, wanted):
    results = searcher.search(query, limit=100)
    having = {c.id for c in searcher.directory.channels if wanted(c)}
    assert having
    if query in ("EKey", "数字证书"):  # the certificate centre itself first, then its users
        assert results[0].channel.id == "certificates.cnsca"
        having.add("certificates.cnsca")
    assert {r.channel.id for r in results} == having


@pytest.fixture(scope="module")
def searcher():
    return store.searcher()


@pytest.mark.parametrize(("query", "top"), CORE, ids=[q for q, _ in CORE])
def test_core_query_top_result(searcher, query, top):
    results = searcher.search(query, 3)
    assert results, query
    assert results[0].channel.id == top, [r.channel.id for r in results]


def test_results_are_ordered_and_limited(searcher):
    results = searcher.search("电话", 5)
    assert len(results) == 5
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)


def test_each_word_narrows(searcher):
    broad = {r.channel.id for r in searcher.search("投资者", 50)}
    narrow = [r.channel.id for r in searcher.search("投资者 邮箱", 50)]
    assert narrow and set(narrow) <= broad
    assert len(narrow) < len(broad)


def test_extension_names_the_route(searcher):
    (first, *_) = searcher.search("666", 1)
    assert first.channel.id == "ipo-review.phone"
    routes = first.channel.phones()[0].routes
    assert [routes[i].steps for i in first.routes] == [("6", "666")]


def test_menu_steps_after_a_number_are_one_dialled_number():
    assert terms_of("4008888400 转1") == ["40088884001"]
    assert terms_of("400-888-8400 6 1959") == ["400888840061959"]
    assert terms_of("+86 21 6860 1281") == ["2168601281"] or terms_of("+86 21 6860 1281") == [
        "862168601281"
    ]


def test_function_words_do_not_have_to_match():
    assert terms_of("how to book a listing ceremony") == ["book", "listing", "ceremony"]
    assert terms_of("how to") == ["how", "to"]  # nothing else: they are the query


def test_nothing_found_is_empty(searcher):
    assert searcher.search("qqqqxxxzzz") == []
    assert searcher.search("   ") == []


_DIGEST = """
import hashlib, pickle
from sse_channels import store
from sse_channels.search import build_index
directory, _ = store.load()
print(hashlib.sha256(pickle.dumps(build_index(directory), protocol=4)).hexdigest())
"""


def test_index_is_deterministic(tmp_path):
    """Two processes with different string hashing build byte-identical indexes."""
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SSE_CHANNELS_NO_CACHE": "1"}
        done = subprocess.run(
            [sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True
        )
        digests.append(done.stdout.strip())
    assert len(digests[0]) == 64
    assert digests[0] == digests[1]


def test_labelled_set_hit_rates(searcher):
    quality = search_quality()
    found = quality.ranks(searcher, QUERIES)["ALL"]
    assert len(found) == 367
    assert quality.hit_at(found, 1) >= 0.98
    assert quality.hit_at(found, 3) == 1.0


def test_query_set_covers_every_kind_and_area():
    directory, _ = store.load()
    ids = {c.id for c in directory.channels}
    assert len(QUERIES) >= 100
    kinds = {q["kind"] for q in QUERIES}
    assert kinds == {"chinese", "pinyin", "initials", "english", "typo", "number", "multiword"}
    expected = {e for q in QUERIES for e in q["expect"]}
    assert expected <= ids, expected - ids
    areas = {directory.channel(e).area for e in expected}
    assert areas == {a.id for a in directory.areas}


def test_results_carry_their_tier_and_reasons(searcher):
    from sse_channels.search import Field, KeyKind, Reason, Tier

    first = searcher.search("债券 邮箱", 1)[0]
    assert first.channel.id == "bond-review.email"
    assert first.tier is Tier.PREFIX  # the weaker of its two terms
    assert first.reasons == (
        Reason(
            "债券",
            Field.NAME_ZH,
            "债券业务邮件咨询",
            KeyKind.TEXT,
            Tier.PREFIX,
            6.0025,
            "chinese text",
            "债券业务邮件咨询",
        ),
        Reason("邮箱", Field.KIND, "邮箱", KeyKind.TEXT, Tier.EXACT, 8.01, "chinese text", "邮箱"),
    )
    typo = searcher.search("zhaiqaun", 1)[0]
    assert typo.channel.id == "bond-review.phone"
    assert typo.tier is Tier.FUZZY
    assert [(r.field, r.kind, r.step) for r in typo.reasons] == [
        (Field.NAME_ZH, KeyKind.PINYIN, "near spelling")
    ]


def test_a_latin_topic_term_matches_its_plural_but_not_a_longer_word(searcher):
    assert searcher.topic_of("spreading rumours about a listed company")[1].id == (
        "false-information"
    )
    assert searcher.topic_of("rumourmill") is None


@pytest.mark.parametrize(
    ("query", "term", "topic"),
    [
        ("nei mu xiao xi", "内幕消息", "false-information"),  # no pinyin term is written
        ("nèimù xiāoxi", "内幕消息", "false-information"),  # tone marks
        ("neimuxiaoxi", "内幕消息", "false-information"),  # syllables run together
        ("我要举报老鼠仓", "老鼠仓", "non-public-info"),  # the general 我要举报 gives way
        ("wo yao ju bao lao shu cang", "老鼠仓", "non-public-info"),
        ("举报邮箱", "举报", "report-general"),  # nothing more specific: the general topic
    ],
)
def test_a_topic_is_named_by_its_pinyin_and_a_specific_one_before_a_general(
    searcher, query, term, topic
):
    found = searcher.topic_of(query)
    assert found is not None and (found[0], found[1].id) == (term, topic)


def test_english_words_do_not_spell_a_pinyin_reading(searcher):
    assert searcher.topic_of("the exchange app is down") is None


def test_the_clauses_of_a_chinese_sentence_are_terms_of_their_own():
    assert terms_of("项目还没正式申报，想先当面沟通。要怎么申请？") == [
        "项目还没正式申报",
        "想先当面沟通",
        "要怎么申请",
    ]
    assert terms_of("bond, review") == ["bond", "review"]  # Latin: split at spaces only


def test_a_pair_of_words_names_a_topic_in_any_order_and_apart(searcher):
    found = searcher.topic_of("听说交易所有员工用亲戚的账户炒股")
    assert found is not None and (found[0], found[1].id) == ("员工+炒股", "staff-trading")
    assert searcher.topic_of("交易所员工") is None  # one word of the pair is not enough


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Our company is in Xiamen and wants to go public in Shanghai", "market-services.south"),
        ("上海 上市", "market-services.hq"),  # Shanghai alone is a place like any other
        ("qingdao gongsi shangshi zixun", "market-services.hq"),  # a listing word in pinyin
    ],
)
def test_the_exchanges_own_city_gives_way_to_the_place_a_company_is_in(searcher, query, first):
    assert [r.channel.id for r in searcher.search(query, 1)] == [first]


def test_near_tie_offers_the_second_office_when_it_is_hardly_farther(searcher, monkeypatch):
    from sse_channels.search import topical

    # 福建 (Fuzhou): Shanghai 612 km, Guangzhou 688 km, within 15% of each other.
    assert [r.channel.id for r in searcher.search("福建 上市", 2)] == [
        "market-services.hq",
        "market-services.south",
    ]
    monkeypatch.setattr(topical, "NEAR_TIE", 0.0)
    assert [r.channel.id for r in searcher.search("福建 上市", 2)][1] != "market-services.south"


def test_a_short_pinyin_reading_names_its_topic_too(searcher):
    found = searcher.topic_of("udun guoqi le")  # U盾 过期了: the certificate
    assert found is not None and (found[0], found[1].id) == ("U盾", "ekey")
