"""Who is asking: `--as ROLE`, the public's own words, and listing questions by place."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from sse_channels import model as m
from sse_channels import store
from sse_channels.errors import UsageError
from sse_channels.search import Field, KeyKind, Nearby, Reason, Tier, weights
from sse_channels.search.audience import GENERAL, ROLES, parse_role, public_cue

from .conftest import search_quality

PUBLIC = yaml.safe_load(
    (Path(__file__).parent / "data" / "public_queries.yaml").read_text(encoding="utf-8")
)
PETITIONS = "petitions.phone"
HOTLINE = "investor-services.hotline"


@pytest.fixture(scope="module")
def searcher():
    """The ranking by words, which the audience boost is part of (the second reader, which
    can reorder what follows the words, is tested on its own)."""
    words = copy.copy(store.searcher(None))
    # Its own role searchers: the packaged searcher's would be made without the reader too.
    words._reader_loader, words._reader, words._roles = None, None, {}
    return words


def _ids(searcher, query, n=10, role=None):
    return [r.channel.id for r in searcher.for_role(role).search(query, n)]


# --------------------------------------------------------------------------- --as ROLE


def test_roles_are_the_eight_of_the_option():
    assert ROLES == (
        "investor",
        "company",
        "sponsor",
        "underwriter",
        "member",
        "fund",
        "tech",
        "public",
    )
    assert parse_role(None) is None
    assert parse_role("  ") is None
    assert parse_role(" Sponsor ") == "sponsor"


def test_a_role_searcher_is_made_once_and_shares_the_index(searcher):
    investor = searcher.for_role("investor")
    assert investor is searcher.for_role("investor")
    assert investor.role == "investor" and searcher.role is None
    assert investor.for_role(None) is searcher
    assert investor.for_role("sponsor") is searcher.for_role("sponsor")
    assert investor.index is searcher.index
    with pytest.raises(ValueError, match="unknown role 'broker'"):
        searcher.for_role("broker")


def test_a_bad_role_names_the_choices():
    with pytest.raises(UsageError) as caught:
        parse_role("broker")
    assert str(caught.value) == (
        "unknown role 'broker' for --as or SSE_CHANNELS_AS: choose one of investor, company, "
        "sponsor, underwriter, member, fund, tech, public"
    )


def test_a_role_puts_its_own_channels_first(searcher):
    assert _ids(searcher, "电话", 3, "sponsor") == [
        "ipo-review.phone",
        "petitions.phone",
        "integrity.phone",
    ]
    assert _ids(searcher, "电话", 1, "tech") == ["tech.hotline"]
    assert _ids(searcher, "电话", 1, "underwriter") == ["bond-review.phone"]


def test_a_role_leaves_out_channels_only_for_other_roles(searcher):
    everyone = _ids(searcher, "系统", 20)
    assert "member.system" in everyone and "ipo-review.system" in everyone
    # For the public: the systems that need a firm's EKey are left out; the investor's own
    # personal centre stays.
    assert _ids(searcher, "系统", 20, "public") == ["investor-services.personal-center"]
    # For a sponsor: the investor hotline serves investors only; the petitions line is the
    # public's, so it stays.
    sponsor = _ids(searcher, "投诉", 20, "sponsor")
    assert HOTLINE not in sponsor
    assert sponsor[0] == PETITIONS


def test_every_kept_channel_is_the_roles_or_a_general_one(searcher):
    for role in ROLES:
        kept = searcher.for_role(role).search("咨询", 100)
        assert kept, role
        for r in kept:
            own = r.channel.audience
            assert GENERAL & set(own) or any(
                reason.field is Field.AUDIENCE and reason.term == role for reason in r.reasons
            ), (role, r.channel.id)


def test_general_channels_stay_for_every_role(searcher):
    # 浦江大讲堂 is for 市场参与主体, investors among them: an investor still finds it.
    assert _ids(searcher, "浦江大讲堂", 1, "investor") == ["training.pujiang"]
    assert _ids(searcher, "浦江大讲堂", 1, "public") == ["training.pujiang"]


def test_a_role_boost_is_a_reason(searcher):
    first = searcher.for_role("sponsor").search("电话", 1)[0]
    assert first.reasons[-1] == Reason(
        "sponsor",
        Field.AUDIENCE,
        "sponsor",
        KeyKind.TEXT,
        Tier.EXACT,
        weights.ROLE_BOOST,
        "audience",
        "保荐机构",
    )


def test_cli_as_option_and_variable(run):
    code, out, err = run("search", "电话", "--as", "sponsor", "-n", "1")
    assert (code, err) == (0, "")
    assert out.startswith("ipo-review.phone\t")
    code, out, _ = run("search", "电话", "-n", "1", env={"SSE_CHANNELS_AS": "tech"})
    assert (code, out.split("\t")[0]) == (0, "tech.hotline")
    # The option wins over the variable, even over a bad one.
    code, out, _ = run(
        "search", "电话", "--as", "sponsor", "-n", "1", env={"SSE_CHANNELS_AS": "nobody"}
    )
    assert (code, out.split("\t")[0]) == (0, "ipo-review.phone")
    # The bare query takes it too.
    code, out, _ = run("电话", "--as", "tech", "-n", "1")
    assert (code, out.split("\t")[0]) == (0, "tech.hotline")


ERR_EN = (
    "error: unknown role 'broker' for --as or SSE_CHANNELS_AS: choose one of investor, company, "
    "sponsor, underwriter, member, fund, tech, public\n"
)
ERR_ZH = (
    "错误：--as 或 SSE_CHANNELS_AS 指定的身份“broker”无效，可选值为 investor, company, "
    "sponsor, underwriter, member, fund, tech, public\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("search", "投诉", "--as", "broker"),
        ("dial", "举报内幕交易", "--as", "broker"),
        ("投诉", "--as", "broker"),
    ],
)
def test_cli_bad_role_is_one_line_and_exit_2(run, args):
    assert run(*args) == (2, "", ERR_EN)
    assert run("--lang", "zh", *args) == (2, "", ERR_ZH)


def test_cli_bad_role_in_the_variable(run):
    env = {"SSE_CHANNELS_AS": "broker"}
    assert run("search", "投诉", env=env) == (2, "", ERR_EN)
    assert run("dial", "投诉", env=env) == (2, "", ERR_EN)
    assert run("--lang", "zh", "投诉", env=env) == (2, "", ERR_ZH)
    # An empty variable is no role.
    assert run("search", "投诉", "-n", "1", env={"SSE_CHANNELS_AS": ""})[0] == 0


def test_json_with_a_role_is_the_same_in_both_languages(run):
    args = ("search", "电话", "--as", "sponsor", "--json", "-n", "3")
    en, zh = run("--lang", "en", *args), run("--lang", "zh", *args)
    assert en == zh
    assert [r["id"] for r in json.loads(en[1])] == [
        "ipo-review.phone",
        "petitions.phone",
        "integrity.phone",
    ]


def test_dial_with_a_role(run):
    code, out, _ = run("dial", "电话", "--as", "tech", "--at", "2026-12-01T10:00")
    assert code == 0
    assert out.splitlines()[0] == "4008888400 → 2 → 1  trading technology"


# --------------------------------------------------------------------------- the public's words


@pytest.mark.parametrize(
    ("query", "cue"),
    [
        ("我想投诉券商怎么办", "怎么办"),
        ("散户 期权", "散户"),
        ("EKey过期了吗", "吗"),
        ("交易所电话?", "?"),
        ("交易所电话？", "?"),
        ("how do I complain", "how do i"),
        ("my account", "my"),
        ("I lost money", "i"),
        ("我们公司想上市", None),  # an organisation asking
        ("债券 邮箱", None),
        ("investor hotline", None),  # no "i" inside a word
    ],
)
def test_public_cues(query, cue):
    assert public_cue(query) == cue


def test_a_public_question_puts_member_systems_below_public_channels(searcher):
    results = searcher.search("我想投诉券商怎么办", 10)
    ids = [r.channel.id for r in results]
    assert ids[:3] == [HOTLINE, "investor-services.email", "investor-services.web"]
    system = ids.index("member.system")
    public = [i for i, r in enumerate(results) if m.Audience.PUBLIC in r.channel.audience]
    assert public and all(i < system for i in public)
    rules = results[ids.index("member.rules")]
    assert rules.reasons[-1] == Reason(
        "怎么办",
        Field.AUDIENCE,
        "public",
        KeyKind.TEXT,
        Tier.EXACT,
        weights.PUBLIC_CUE_BOOST,
        "audience",
        "公众",
    )


def test_the_public_cue_boost_is_what_keeps_the_member_system_down(searcher, monkeypatch):
    monkeypatch.setattr(weights, "PUBLIC_CUE_BOOST", 0.0)
    ids = _ids(searcher, "我想投诉券商怎么办")
    assert ids.index("member.system") < ids.index("member.rules")


@pytest.mark.parametrize("query", ["投诉证券公司", "券商乱收费", "证券公司多收我手续费"])
def test_broker_complaints_reach_the_hotlines_complaint_branch(searcher, query):
    first = searcher.search(query, 1)[0]
    assert first.channel.id == HOTLINE
    route = first.channel.phones()[0].routes[first.routes[0]]
    assert route.steps == ("1", "2")


# --------------------------------------------------------------------------- listing by place


@pytest.mark.parametrize(
    ("query", "first", "near"),
    [
        ("河北 上市", "market-services.north", Nearby("河北", "北京", 264)),
        ("我在河北想上市找谁", "market-services.north", Nearby("河北", "北京", 264)),
        ("listing in Hebei", "market-services.north", Nearby("河北", "北京", 264)),
        ("广西企业上市咨询", "market-services.south", Nearby("广西", "广州", 508)),
        ("四川 IPO", "market-services.west", Nearby("四川", "成都", 10)),
        ("请问河北企业怎么上市", "market-services.north", Nearby("河北", "北京", 264)),
        ("我想咨询河北企业上市", "market-services.north", Nearby("河北", "北京", 264)),
    ],
)
def test_a_place_with_a_listing_word_reaches_the_nearest_office(searcher, query, first, near):
    result = searcher.search(query, 1)[0]
    assert result.channel.id == first
    topic = [r for r in result.reasons if r.field is Field.TOPIC]
    assert [r.near for r in topic] == [near]


def test_a_second_office_hardly_farther_comes_next(searcher):
    results = searcher.search("福建 上市", 3)
    assert [r.channel.id for r in results[:2]] == ["market-services.hq", "market-services.south"]
    assert [r.reasons[0].near for r in results[:2]] == [
        Nearby("福建", "上海", 612),
        Nearby("福建", "广州", 688),
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("河北 上市公司", "listed-co.visit"),  # a listed company asking, not a listing
        ("河北上市公司财务造假", PETITIONS),  # a report stays a report
        ("河北某公司欺诈上市", PETITIONS),
        ("深圳 老鼠仓 上市", PETITIONS),
        ("我在河北被骗了找谁", PETITIONS),
        ("深圳 投诉 找谁", HOTLINE),
    ],
)
def test_a_place_without_a_listing_question_keeps_its_desk(searcher, query, first):
    assert _ids(searcher, query, 1) == [first]


# --------------------------------------------------------------------------- the reported questions

REPORTED = [
    ("内幕交易", PETITIONS),
    ("举报内幕交易", PETITIONS),
    ("操纵市场", PETITIONS),
    ("举报上市公司财务造假", PETITIONS),
    ("财务造假", PETITIONS),
    ("老鼠仓", PETITIONS),
    ("内幕消息", PETITIONS),
    ("我被骗了", PETITIONS),
    ("投诉证券公司", HOTLINE),
    ("券商乱收费", HOTLINE),
    ("jubao", PETITIONS),
    ("EKey过期了怎么办", "certificates.cnsca"),
    ("数字证书办理", "certificates.cnsca"),
    ("EKey", "certificates.cnsca"),
    ("投诉", HOTLINE),
    ("疑难问题", "listed-co.complex-questions"),
]


def test_the_reported_questions_are_the_labelled_reported_entries():
    marked = [(q["query"], q["expect"][0]) for q in PUBLIC if q.get("reported")]
    assert marked == REPORTED


@pytest.mark.parametrize(("query", "first"), REPORTED)
def test_each_reported_question_gives_the_right_desk_first(searcher, query, first):
    assert _ids(searcher, query, 1) == [first]


def test_the_bare_query_searches(run):
    assert run("投诉", "-n", "1") == run("search", "投诉", "-n", "1")
    assert run("投诉", "-n", "1")[1].startswith(HOTLINE + "\t")


def test_dial_a_report_of_insider_trading(run):
    code, out, _ = run("dial", "举报内幕交易", "--at", "2026-12-01T10:00")
    assert code == 0
    assert out.splitlines()[0] == "4008888400 → 1 → 3"


# --------------------------------------------------------------------------- the labelled set


def test_public_questions_hit_rates(searcher):
    quality = search_quality()
    tune = [q for q in PUBLIC if q["split"] == "tune"]
    holdout = [q for q in PUBLIC if q["split"] == "holdout"]
    first_holdout = [q for q in tune if q.get("was") == "holdout1"]
    second_batch = [q for q in tune if q.get("batch") == 2]
    assert (len(tune), len(first_holdout), len(second_batch), len(holdout)) == (326, 70, 100, 90)
    tuned = quality.ranks(searcher, tune)["ALL"]
    assert quality.hit_at(tuned, 1) >= 0.98
    assert quality.hit_at(tuned, 3) == 1.0
    # The held-out part is measured, never tuned on: it misses the target (README), and this
    # floor only catches a regression.
    held = quality.ranks(searcher, holdout)["ALL"]
    assert quality.hit_at(held, 1) >= 0.87
    assert quality.hit_at(held, 3) >= 0.89


def test_as_before_a_bare_query_or_a_command_is_the_role_and_the_commands_own_wins(run):
    after = run("search", "电话", "--as", "sponsor", "-n", "3")
    assert after[0] == 0
    assert run("--as", "sponsor", "电话", "-n", "3") == after
    assert run("--as", "sponsor", "search", "电话", "-n", "3") == after
    investor = run("search", "电话", "--as", "investor", "-n", "3")
    assert investor != after
    assert run("--as", "sponsor", "search", "电话", "--as", "investor", "-n", "3") == investor
