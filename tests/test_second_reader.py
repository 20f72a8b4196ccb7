"""The second reader: a question read by the pieces of the questions asked of each desk, its
shares composed with the ranking by words, and its disagreement with the words said as a low
confidence."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
import yaml

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
    # Held-out sets live under benchmarks/ and in the public set's holdout split. (Short
    # keywords such as "债券 邮箱" were written by several writers alike, so a held-out set can
    # share a string with a tuning set; the benchmark says how many.)
    assert all(name.startswith("tests/data/") for name, _ in learned.SETS)
    learned_questions = {text for text, _, _ in learned.questions(ROOT)}
    public = yaml.safe_load((ROOT / "tests/data/public_queries.yaml").read_text("utf-8"))
    held_out = {c["query"] for c in public if c.get("split") == "holdout"}
    assert len(held_out) == 90
    assert not learned_questions & held_out


def test_a_character_typed_by_its_sound_shares_the_sound_pieces(reading):
    typed, meant = set(pieces("邮相", reading)), set(pieces("邮箱", reading))
    assert "pp:youxiang" in typed & meant
    assert "b:邮相" in typed - meant


def test_pinyin_words_and_initials_meet_the_pieces_of_the_characters(reading):
    chinese = set(pieces("债券邮箱", reading))
    assert {"pp:zhaiquan", "pp:youxiang"} <= chinese & set(pieces("zhaiquan youxiang", reading))
    assert "i:zq" in chinese & set(pieces("zq", reading))


def test_english_filler_words_are_no_word_pieces_but_still_give_initials(reading):
    # where, is, the say nothing of a desk; their letter pairs are still read as initials.
    assert pieces("Where is the bond mailbox?", reading) == [
        *("i:wh", "i:he", "i:er", "i:re", "i:is", "i:th"),
        *("w:bond", "i:bo", "i:on", "i:nd", "w:mailbox", "w:mailb"),
    ]


def test_counts_are_integers_per_channel_and_shares_sum_to_one(reading):
    text = count([("债券邮箱", ("bond-review.email",), 2), ("投诉电话", ("a", "b"), 1)], reading)
    lines = text.splitlines()
    # 17 pieces each: 4 characters, 4 sounds, 3 pairs of each, 3 pairs of initials
    assert lines[0] == f"alpha\t0.1\tpieces\t{len(lines) - 3}"
    assert lines[1:3] == ["channels\ta b bond-review.email", "totals\t17 17 34"]
    assert "b:邮箱\t2:2" in lines
    assert "b:投诉\t0:1 1:1" in lines
    shares, seen = Reader(text).shares("债券的邮箱", reading)
    assert seen == 14  # all but the pairs that hold 的, and 的 itself
    assert max(shares, key=shares.__getitem__) == "bond-review.email"
    assert sum(shares.values()) == pytest.approx(1.0)


def test_a_temperature_spreads_the_shares(searcher, reading):
    reader = searcher.reader()
    question = "营业部的理财经理骗我买了高风险产品，我要投诉"
    sure, _ = reader.shares(question, reading)
    tempered, _ = reader.shares(question, reading, 12.0)
    first = max(sure, key=sure.__getitem__)
    assert first == max(tempered, key=tempered.__getitem__)
    assert tempered[first] < sure[first]


def test_a_damaged_counts_file_leaves_the_search_to_the_words(tmp_path, monkeypatch):
    good = learned.FILE.read_text(encoding="utf-8")
    bad = tmp_path / "learned.tsv"
    monkeypatch.setattr(learned, "FILE", bad)
    for damaged in ("alpha\tx\n", good.replace("alpha\t0.1", "alpha\t0", 1), good[:200_000]):
        bad.write_text(damaged, encoding="utf-8")
        assert learned.load() is None
    bad.write_bytes(b"\xff\xfe")
    assert learned.load() is None


def test_a_damaged_line_of_counts_is_an_unknown_piece(reading):
    text = count([("债券邮箱", ("bond-review.email",), 1), ("投诉", ("a",), 1)], reading)
    damaged = text.replace("b:邮箱\t1:1", "b:邮箱\t9:x")
    assert Reader(damaged).shares("邮箱", reading)[1] == Reader(text).shares("邮箱", reading)[1] - 1


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


def test_a_question_that_names_no_desk_is_read_to_its_desk_as_a_guess(searcher):
    # Not a learned question: the words put the company system first; the questions asked of
    # the disclosure liaison read like this one, and the two disagree, so it is low.
    query = "公告发错了要更正，先找交易所谁说一声"
    assert query not in {text for text, _, _ in learned.questions(ROOT)}
    results = searcher.search(query, 3)
    assert (results[0].channel.id, results[0].by_words, results[0].by_reader) == (
        "listed-co.liaison",
        0,
        1,
    )
    asked = [x for x in results[0].reasons if x.field is Field.ASKED]
    assert len(asked) == 1 and asked[0].score > 0
    assert rate(query, results)[0] == Confidence.LOW


def test_no_result_is_ever_the_readers_no_desk(searcher):
    for query in (
        "浦东那边租个一室户要多少钱 问谁",
        "哪里可以打印个人信用报告",
        "推荐只股票 找谁问问",
    ):
        assert all(r.channel.id != NO_DESK for r in searcher.search(query, 10)), query


def test_gibberish_stays_without_an_answer(searcher):
    assert searcher.search("qwxzk vbnm", 5) == []


def test_each_result_keeps_its_place_by_words_and_by_the_reader(searcher):
    results = searcher.search("债券业务有问题想写邮件问", 5)
    assert results[0].channel.id == "bond-review.email"
    assert (results[0].by_words, results[0].by_reader) == (1, 1)
    assert all(r.by_reader >= 1 for r in results)


def _placed(searcher, by_words, by_reader, readers_desk="tech"):
    first, second = searcher.search("债券业务有问题想写邮件问", 2)
    replace = msgspec.structs.replace
    placed = replace(first, by_words=by_words, by_reader=by_reader, readers_desk=readers_desk)
    return [placed, second]


def test_words_and_reader_agreeing_is_never_low(searcher):
    assert rate("债券业务有问题想写邮件问", _placed(searcher, 1, 1))[0] != Confidence.LOW


def test_words_first_and_reader_second_after_the_same_desk_is_agreement(searcher):
    results = _placed(searcher, 1, 2, readers_desk="bond-review")
    assert rate("债券业务有问题想写邮件问", results)[0] != Confidence.LOW


def test_the_readers_first_found_lower_by_the_words_is_at_most_medium(searcher):
    assert rate("债券业务有问题想写邮件问", _placed(searcher, 3, 1))[0] == Confidence.MEDIUM


@pytest.mark.parametrize(("by_words", "by_reader"), [(0, 1), (1, 2), (1, 7), (2, 3)])
def test_a_first_answer_only_one_reader_put_first_is_low(searcher, by_words, by_reader):
    results = _placed(searcher, by_words, by_reader)
    assert rate("债券业务有问题想写邮件问", results)[0] == Confidence.LOW


# A learned question (tuning9) the words meet nothing of: the reader is sure of it, which is what
# these two tests need; how the reader does on questions it has not read is measured by
# benchmarks/search_quality.py.
QUESTION_WORDS_MISS = (
    "想在网上免费听一些REITs和期权方面的公开课，上交所有这样的平台吗？需要注册吗？"
)


def test_the_reader_alone_answers_a_question_the_words_miss_and_says_it_is_a_guess(searcher):
    results = searcher.search(QUESTION_WORDS_MISS, 3)
    assert results[0].channel.id == "training.pujiang"
    assert all(r.by_words == 0 for r in results)
    assert set(rate(QUESTION_WORDS_MISS, results)) == {Confidence.LOW}


def test_with_a_role_the_reader_adds_nothing_when_the_role_left_out_every_match(run):
    code, out, err = run("--as", "investor", "IPO审核有问题打哪个电话 分机是666吧")
    assert (code, out) == (1, "")
    assert "so --as left out: 发行上市审核电话咨询 (ipo-review.phone)" in err


def test_the_first_answers_confidence_does_not_depend_on_how_many_are_shown(searcher):
    query = "IPO项目 能和上交所审核部门当面沟通吗"
    assert rate(query, searcher.search(query, 1))[0] == rate(query, searcher.search(query, 5))[0]


def test_a_role_searcher_shares_the_readers_counts(searcher):
    assert searcher.for_role("investor").reader() is searcher.reader()


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
