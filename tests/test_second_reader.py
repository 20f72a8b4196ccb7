"""The second reader: a question read by the pieces of the questions asked of each desk, its
shares composed with the ranking by words, and its disagreement with the words said as a low
confidence."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from sse_channels import store
from sse_channels.search import rank
from sse_channels.search.confidence import Confidence, rate
from sse_channels.search.index import Field
from sse_channels.search.reader import NO_DESK, Reader, count, pieces
from sse_channels.store import learned

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def searcher():
    return store.searcher(None)


@pytest.fixture(scope="module")
def reading(searcher):
    return searcher._first_reading


def test_the_shipped_counts_are_what_the_sets_and_the_directory_give_today():
    assert learned.FILE.read_text(encoding="utf-8") == learned.compute(ROOT)


def test_the_counts_never_read_a_held_out_set():
    read = [name for name, _ in learned.SETS]
    assert all(name.startswith("tests/data/") for name in read)
    assert ("tests/data/public_queries.yaml", "tune") in learned.SETS


def test_a_character_typed_by_its_sound_shares_the_sound_pieces(reading):
    typed, meant = set(pieces("邮相", reading)), set(pieces("邮箱", reading))
    assert "pp:youxiang" in typed & meant
    assert "b:邮相" in typed - meant


def test_pinyin_words_and_initials_meet_the_pieces_of_the_characters(reading):
    chinese = set(pieces("债券邮箱", reading))
    assert {"pp:zhaiquan", "pp:youxiang"} <= chinese & set(pieces("zhaiquan youxiang", reading))
    assert "i:zq" in chinese & set(pieces("zq", reading))


def test_english_filler_words_are_no_pieces(reading):
    words = [p for p in pieces("Where is the bond mailbox?", reading) if p.startswith("w:")]
    assert words == ["w:bond", "w:mailbox", "w:mailb"]  # where, is, the: filler


def test_counts_are_integers_per_channel_and_shares_sum_to_one(reading):
    text = count([("债券邮箱", ("bond-review.email",), 2), ("投诉电话", ("a", "b"), 1)], reading)
    lines = text.splitlines()
    # 17 pieces each: 4 characters, 4 sounds, 3 pairs of each, 3 pairs of initials
    assert lines[:3] == ["alpha\t0.1", "channels\ta b bond-review.email", "totals\t17 17 34"]
    assert "b:邮箱\t2:2" in lines
    assert "b:投诉\t0:1 1:1" in lines
    shares, seen = Reader(text).shares("债券的邮箱", reading)
    assert seen == 14  # all but the pairs that hold 的, and 的 itself
    assert max(shares, key=shares.__getitem__) == "bond-review.email"
    assert sum(shares.values()) == pytest.approx(1.0)


def test_a_temperature_spreads_the_shares(searcher, reading):
    reader = searcher.reader()
    sure, _ = reader.shares("券商客户经理骗我买了理财产品", reading)
    tempered, _ = reader.shares("券商客户经理骗我买了理财产品", reading, 12.0)
    first = max(sure, key=sure.__getitem__)
    assert first == max(tempered, key=tempered.__getitem__)
    assert tempered[first] < sure[first]


def test_a_damaged_counts_file_leaves_the_search_to_the_words(tmp_path, monkeypatch):
    bad = tmp_path / "learned.tsv"
    bad.write_text("alpha\tx\n", encoding="utf-8")
    monkeypatch.setattr(learned, "FILE", bad)
    assert learned.load() is None
    bad.write_bytes(b"\xff\xfe")
    assert learned.load() is None


def test_a_users_directory_file_has_no_reader(tmp_path):
    path = tmp_path / "channels.yaml"
    path.write_bytes((ROOT / "data" / "channels.yaml").read_bytes())
    assert store.searcher(str(path)).reader() is None
    assert store.searcher(None).reader() is not None


def test_keywords_names_and_numbers_are_not_read(searcher):
    for query in ("债券", "廉政 邮箱", "4008888400", "投资者服务热线", "科创版", "tzzfw"):
        assert not searcher._reads(query), query
    for query in ("我们公司想发可转债", "债券业务 邮箱", "how do I report insider trading"):
        assert searcher._reads(query), query


def test_a_question_the_words_place_wrong_is_read_to_its_desk(searcher):
    # The words meet "信息披露" and "查询" (rules pages); the questions asked of the
    # liaison desk read like this one.
    results = searcher.search("我们的年报出了个更正公告，不知道该不该先跟交易所打个招呼", 3)
    assert results[0].channel.id == "listed-co.liaison"
    asked = [x for x in results[0].reasons if x.field is Field.ASKED]
    assert len(asked) == 1 and asked[0].score > 0


def test_no_result_is_ever_the_readers_no_desk(searcher):
    for query in ("明天大盘会涨吗 找谁问", "上海浦东陆家嘴附近租房多少钱", "个人征信报告在哪打印"):
        assert all(r.channel.id != NO_DESK for r in searcher.search(query, 10)), query


def test_gibberish_stays_without_an_answer(searcher):
    assert searcher.search("qwxzk vbnm", 5) == []


def test_each_result_keeps_its_place_by_words_and_by_the_reader(searcher):
    results = searcher.search("债券业务有问题想写邮件问", 5)
    assert results[0].channel.id == "bond-review.email"
    assert (results[0].by_words, results[0].by_reader) == (1, 1)
    assert all(r.by_reader >= 1 for r in results)


def _placed(searcher, by_words, by_reader):
    first, second = searcher.search("债券业务有问题想写邮件问", 2)
    replace = msgspec.structs.replace
    return [replace(first, by_words=by_words, by_reader=by_reader), second]


def test_words_and_reader_agreeing_is_never_low(searcher):
    assert rate("债券业务有问题想写邮件问", _placed(searcher, 1, 1))[0] != Confidence.LOW


def test_the_readers_first_found_lower_by_the_words_is_at_most_medium(searcher):
    assert rate("债券业务有问题想写邮件问", _placed(searcher, 3, 1))[0] == Confidence.MEDIUM


@pytest.mark.parametrize(("by_words", "by_reader"), [(0, 1), (1, 2), (1, 7), (2, 3)])
def test_a_first_answer_only_one_reader_put_first_is_low(searcher, by_words, by_reader):
    results = _placed(searcher, by_words, by_reader)
    assert rate("债券业务有问题想写邮件问", results)[0] == Confidence.LOW


QUESTION_WORDS_MISS = (
    "想在网上免费听一些REITs和期权方面的公开课，上交所有这样的平台吗？需要注册吗？"
)


def test_the_reader_alone_answers_a_question_the_words_miss_and_says_it_is_a_guess(searcher):
    results = searcher.search(QUESTION_WORDS_MISS, 3)
    assert results[0].channel.id == "training.pujiang"
    assert all(r.by_words == 0 for r in results)
    assert set(rate(QUESTION_WORDS_MISS, results)) == {Confidence.LOW}


def test_the_reader_alone_answers_only_when_sure(searcher, monkeypatch):
    monkeypatch.setattr(rank, "READ_ALONE", 1.01)
    assert searcher.search(QUESTION_WORDS_MISS, 3) == []


def test_the_explanation_names_the_reader(run):
    code, out, _ = run("search", "--explain", "我们公司想发可转债，找谁沟通", "--lang", "en")
    assert code == 0
    assert "我们公司想发可转债，找谁沟通 → reads like the questions asked of this desk (+" in out


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("上海证券交易所办公室 信函", "petitions.letter"),  # its address, written
        ("bondsse@sse.com.cn", "bond-review.email"),
        ("010-50868703 是上交所哪个部门", "market-services.north"),
        ("我在河北想上市找谁", "market-services.north"),  # the nearest office, by distance
    ],
)
def test_what_the_words_name_exactly_stays_first(searcher, query, first):
    result = searcher.search(query, 3)[0]
    assert (result.channel.id, result.by_words) == (first, 1)


def test_the_hotlines_shared_number_names_no_channel(searcher):
    # 4008888400 is every menu line's number: the desk is named by the rest of the question.
    results = searcher.search("4008888400转6以后按666还是699 是发行审核那边吗", 2)
    assert results[0].channel.id == "ipo-review.phone"
    assert results[0].by_words == 2
