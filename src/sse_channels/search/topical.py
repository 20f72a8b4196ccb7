"""The topic layer at search time: what people report, complain about or ask (topics.yaml)
put ahead of the words' own matches, and listing questions by place sent to the nearest
listing-service office.

Its lookup tables (`TopicKeys`, in `topic_tables.py`) are derived from a `Topics` once; the
packaged ones ship compiled (`prebuilt.py`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from msgspec.structs import replace

from sse_channels import model as m
from sse_channels.textnorm import norm, words

from . import facets
from .index import Field, KeyKind
from .query import terms_of
from .result import Nearby, Reason, Result, terms_met
from .topic_tables import TopicKeys, topic_keys
from .weights import Tier

if TYPE_CHECKING:
    from sse_channels.directory.topics import Base, Place, Topic, Topics

# A second office within this share of the nearest one's distance is offered right after it
# (福建: 上海 612 km, then 广州 688 km; 长沙: 武汉 alone). Distances are approximate, so neither
# is "the" office: the labelled public questions accept both (tests/data/public_queries.yaml).
NEAR_TIE = 0.15
# Words that ask about a listing, or for an office of the exchange, with a place named: the
# nearest listing-service office.
# 上市公司 is a listed company asking, not a listing question.
_LISTING_ZH = ("上市", "首发", "基地", "找谁", "办公室", "办事处", "分部", "服务点")
_LISTING_EN = re.compile(
    r"(?<![a-z0-9])(listing|list|go public|going public|ipo|shangshi|shoufa)(?![a-z0-9])"
)  # English, and pinyin (shangshi: 上市, shoufa: 首发)
# A pinyin reading is looked for in runs of at most this many words of the query (nei mu jiao
# yi: 内幕交易, four): it bounds the work, as query.MAX_TERMS does.
PINYIN_WORDS = 8
EXCHANGE_CITY = "上海"
# Topics that only say a question is asked (请问, 我想咨询): a listing question by place wins.
QUESTION_TOPICS = ("investor-question",)
# A family of listings (再融资, 定增, 可转债) gives way to the stage the question names (申报前,
# 在审, 审核进度): the family says which desks, the stage which of them.
FAMILY_TOPICS = ("refinancing",)
# The stages, the one that wins first when a question names two (到哪一步 is asked of a
# project in review; 还没申报 rules out being in review).
STAGE_TOPICS = ("review-progress", "review-pre-filing", "review-in-progress")
# The desk of the exchange's own staff (廉政监督), and the desks of an offence (信访举报) and of
# a service complaint (the investor hotline): who misbehaves decides between them.
STAFF_AREA = "integrity."
OFFENCE_AREA = "petitions."
SERVICE_DESK = "investor-services.hotline"
# The two review desks: a bond question answered by the share review's channel goes to the
# bond review's channel of the same kind.
SHARE_REVIEW = "ipo-review"
BOND_REVIEW = "bond-review"
# "Staff of the exchange" who call and ask for money are not its staff.
IMPOSTOR_TOPICS = ("scam",)
# The digital certificate (EKey), which the systems need to log in.
CERTIFICATE_TOPICS = ("ekey",)
CERTIFICATE_TROUBLE: tuple[str, ...] = (
    "丢",
    "过期",
    "到期",
    "续期",
    "坏",
    "密码",
    "锁",
    "驱动",
    "办理",
    "申请",
    "更新",
)
CERTIFICATE_TROUBLE += ("lost", "expired", "renew", "driver", "password", "locked")
# A visit to the exchange (参观), which talking something over in person is not.
VISIT_TOPICS = ("exchange-visit",)
# The desk of letters and visits (信访), for a complaint the investor desk does not take
# that way (by letter, in person).
COMPLAINT_TOPICS = ("complaint-general", "broker-service", "broker-fees")
LETTERS_AND_VISITS = "petitions"
# The desk for whoever asks the exchange anything (投资者服务), and its line.
GENERAL_AREA = "investor-services"
GENERAL_DESK = "investor-services.hotline"
# A topic term of this many characters or more is also found by its sound (老鼠舱), and one
# of `NEAR_SOUND_MIN` or more by a near sound (财务找假: zhao for zao): a shorter one would
# meet everyday words (想咨询 sounds nearly like 先咨询).
HOMOPHONE_MIN = 3
# A name of the directory this long written inside a question names its desk (债券业务电话).
DESK_NAME_MIN = 4
NEAR_SOUND_MIN = 4
# Sounds people confuse in typing pinyin: zh/z, ch/c, sh/s, l/n, and -ng/-n.
_FOLDS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("ng", "n"))
_LISTED_COMPANY = re.compile(r"上市公司|listed compan(?:y|ies)")


class Annex(Protocol):
    """Names of the annex written in a query (the searcher's index answers)."""

    def annex_name(self, query: str) -> tuple[str, tuple[int, ...]] | None: ...

    def annex_inside(self, query: str, term: str) -> tuple[str, tuple[int, ...]] | None: ...


def listing_word(query: str) -> str | None:
    """The word of a query that asks about a listing, if any."""
    q = _LISTED_COMPANY.sub(" ", norm(query))
    found = next((word for word in _LISTING_ZH if word in q), None)
    if found is None and (latin := _LISTING_EN.search(q)) is not None:
        found = latin.group(1)
    return found


class TopicLayer:
    """Finds the topic or the place a query names, and puts its desks first."""

    def __init__(self, topics: Topics | None, keys: TopicKeys | None = None) -> None:
        self.topics = topics
        self.keys = keys if keys is not None else topic_keys(topics)
        self._nearest = next((t for t in (topics.topics if topics else ()) if t.nearest_base), None)
        self._alike_tables: dict[bool, dict[str, tuple[str, Topic]]] = {}
        self._means_cache: dict[tuple[str, str], m.Channel | None] = {}

    def topic_of(self, query: str) -> tuple[str, Topic] | None:
        """The most specific topic term inside the query, and its topic: a term as written
        (or with its synonyms written one way: 证券公司 as 券商), else a pinyin reading of one
        spelt by consecutive words (lao shu cang, laoshucang). Who misbehaves and the stage
        of a listing named beside it decide between topics."""
        q = norm(query)
        if not q:
            return None
        found = self._written(q)
        same = facets.same_words(q)
        if same != q:
            seen = {f[0] for f in found}
            found += [f for f in self._written(same) if f[0] not in seen]
        found.sort(key=lambda f: -len(f[0]))  # stable: a written term before a pair as long
        found = self._by_who(same, found)
        # A general topic (我要举报, 投诉) gives way to a specific one the query also names
        # (我要举报老鼠仓: 老鼠仓).
        written = next((f for f in found if not _general(f[2])), found[0] if found else None)
        written = self._decide(written, found)
        if written is not None and not written[0].isascii():
            return written[1], written[2]
        # A Latin term as written, or a longer pinyin reading (wo yao ju bao lao shu cang:
        # 老鼠仓, not the 举报 that "ju bao" names).
        read = self._by_pinyin(q) if self.keys.pinyin else None
        if read is not None and (
            written is None
            or (_general(written[2]) and not _general(read[1][1]))
            or read[0] > len(written[0].replace(" ", ""))
        ):
            return read[1]
        return (written[1], written[2]) if written is not None else None

    def _written(self, q: str) -> list[tuple[str, str, Topic]]:
        found = [(key, term, topic) for key, term, topic in self.keys.terms if _named(key, q)]
        found += [
            ("".join(parts), term, topic)
            for parts, term, topic in self.keys.together
            if all(_named(part, q) for part in parts)
        ]
        return found

    def _by_who(self, q: str, found: list[tuple[str, str, Topic]]) -> list[tuple[str, str, Topic]]:
        """Who misbehaves decides the desk: the exchange's own staff are 廉政监督's, whatever
        they did; a firm's staff (营业部员工, 基金经理) are never 廉政监督's."""
        if facets.exchange_staff(q):
            staff = next(
                (t for t in (self.topics.topics if self.topics else ()) if _desk_in(t, STAFF_AREA)),
                None,
            )
            named = [f for f in found if _desk_in(f[2], STAFF_AREA)]
            wrong = [
                f
                for f in found
                if (_desk_in(f[2], OFFENCE_AREA) or f[2].channel == SERVICE_DESK)
                and f[2].id not in IMPOSTOR_TOPICS
            ]
            if staff is not None and not named and wrong:
                return [(wrong[0][0], wrong[0][1], staff)]
        elif facets.firm_staff(q):
            return [f for f in found if not _desk_in(f[2], STAFF_AREA)]
        return found

    @staticmethod
    def _decide(
        written: tuple[str, str, Topic] | None, found: list[tuple[str, str, Topic]]
    ) -> tuple[str, str, Topic] | None:
        """An offence named beside a service complaint is the offence (营业部 私自买卖: 信访举报);
        a stage named beside a family of listings is the stage (并购重组 申报前: 申报前咨询)."""
        if written is None:
            return None
        topic = written[2]
        if topic.channel == SERVICE_DESK:
            offence = next(
                (f for f in found if _desk_in(f[2], OFFENCE_AREA) and not _general(f[2])), None
            )
            # Reporting (举报) a firm's service is reporting, not complaining: the offence desk.
            reported = next((f for f in found if _desk_in(f[2], OFFENCE_AREA)), None)
            return offence or reported or written
        if topic.id in FAMILY_TOPICS or topic.id in STAGE_TOPICS:
            # The first stage named: a project not filed yet is not in review (还没申报 想约
            # 审核老师: 申报前).
            stage = next((f for s in STAGE_TOPICS for f in found if f[2].id == s), None)
            return stage or written
        return written

    def slip_of(self, query: str, table: dict[str, tuple[str, ...]]) -> tuple[str, Topic] | None:
        """A topic term the query holds with a character mistyped by its sound: one that
        reads the same (老鼠舱: 老鼠仓, 内募交易: 内幕交易) or nearly (财务找假: zhao for zao,
        操重股价: zhong for zong); the longest first, never a general topic's."""
        q = facets.same_words(norm(query))
        alike = self._alike(table)
        n = len(q)
        for size in range(min(n, 12), HOMOPHONE_MIN - 1, -1):
            for i in range(n - size + 1):
                piece = q[i : i + size]
                if not all("\u3400" <= ch <= "\u9fff" for ch in piece):
                    continue
                hit = next((alike[r] for r in sounds(piece, table) if r in alike), None)
                if hit is None and size >= NEAR_SOUND_MIN:
                    near = self._alike(table, folded=True)
                    hit = next((near[r] for r in sounds(piece, table, True) if r in near), None)
                if hit is not None:
                    return hit
        return None

    def _alike(
        self, table: dict[str, tuple[str, ...]], folded: bool = False
    ) -> dict[str, tuple[str, Topic]]:
        """How each specific topic's Chinese terms sound (`folded`: near-homophones folded
        together, for the longer terms)."""
        alike = self._alike_tables.get(folded)
        if alike is None:
            alike = {}
            shortest = NEAR_SOUND_MIN if folded else HOMOPHONE_MIN
            for key, term, topic in self.keys.terms:
                if _general(topic) or topic.id in QUESTION_TOPICS or len(key) < shortest:
                    continue
                if all("\u3400" <= ch <= "\u9fff" for ch in key):
                    for run in sounds(key, table, folded):
                        alike.setdefault(run, (term, topic))
            self._alike_tables[folded] = alike
        return alike

    def _by_means(
        self, query: str, results: list[Result], directory: m.Directory | None = None
    ) -> list[Result]:
        """The means a question names (电话, 邮箱, 寄, 当面…) picks the channel within the
        first answer's desk: the first channel of the same area reached that way comes first.
        A question about bonds answered by a share-review desk gets the bond desk's channel
        of the same kind (债券项目想当面沟通: the bond desk's on-site consultation)."""
        if not results:
            return results
        results = self._by_family(query, results, directory)
        named = facets.means_of(norm(query))
        first = results[0].channel
        if named is None:
            return results
        choices = [named] + [x for x in (facets.SECOND_BEST.get(named),) if x is not None]
        if any(facets.fits(means, first) for means in choices):
            return results
        area = first.area
        complaint = next((x.topic for x in results[0].reasons if x.topic is not None), None)
        if (
            complaint is not None
            and complaint.id in COMPLAINT_TOPICS
            and not any(self._reached(directory, area, x) for x in choices if directory is not None)
        ):
            # A complaint the investor desk does not take that way, by letter or in person,
            # the petitions desk does (信访: letters and visits).
            area = LETTERS_AND_VISITS
        for means in choices:
            for i, r in enumerate(results[1:], 1):
                if r.channel.area == area and facets.fits(means, r.channel):
                    moved = replace(r, score=round(results[0].score + 1.0, 4))
                    return [moved, *results[:i], *results[i + 1 :]]
            ch = self._reached(directory, area, means) if directory is not None else None
            if ch is not None:
                score = round(results[0].score + 1.0, 4)
                extra = Result(ch, score, (), (ch.name_zh,), results[0].tier, ())
                return [extra, *results][: len(results)]
        return results

    def _by_family(
        self, query: str, results: list[Result], directory: m.Directory | None
    ) -> list[Result]:
        first = results[0].channel
        if directory is None or first.area != SHARE_REVIEW or not facets.names_bonds(norm(query)):
            return results
        same = [ch for ch in directory.in_area(BOND_REVIEW) if ch.kind is first.kind]
        if not same:
            return results
        by_id = {r.channel.id: i for i, r in enumerate(results)}
        pick = min(same, key=lambda ch: by_id.get(ch.id, len(results)))
        score = round(results[0].score + 1.0, 4)
        i = by_id.get(pick.id)
        if i is not None:
            return [replace(results[i], score=score), *results[:i], *results[i + 1 :]]
        extra = Result(pick, score, (), (pick.name_zh,), results[0].tier, ())
        return [extra, *results][: len(results)]

    def _general_desk(
        self, query: str, results: list[Result], directory: m.Directory
    ) -> list[Result]:
        means = facets.means_of(norm(query))
        if means is not None and means != facets.Means.PHONE:
            ch = self._reached(directory, GENERAL_AREA, means)
        else:
            ch = directory.channel(GENERAL_DESK)
        if ch is None:
            return results
        top = max((r.score for r in results), default=0.0)
        # No word of the question chose it: the exchange's general desk, as a medium answer.
        first = Result(ch, round(top + 1.0, 4), (), (ch.name_zh,), Tier.SUBSTRING, ())
        return [first, *(r for r in results if r.channel.id != ch.id)][: max(len(results), 1)]

    def _reached(self, directory: m.Directory, area: str, means: str) -> m.Channel | None:
        """The first channel of an area reached by a means (looked up once per pair)."""
        key = (area, means)
        if key not in self._means_cache:
            self._means_cache[key] = next(
                (ch for ch in directory.in_area(area) if facets.fits(means, ch)), None
            )
        return self._means_cache[key]

    def _by_pinyin(self, q: str) -> tuple[int, tuple[str, Topic]] | None:
        """The longest pinyin reading spelt by consecutive words of the query (a specific
        topic's before a general one's), with its length in letters."""
        syllables = words(_toneless(q))
        best: tuple[int, tuple[str, Topic]] | None = None
        for i in range(len(syllables)):
            run = ""
            for word in syllables[i : i + PINYIN_WORDS]:
                run += word
                found = self.keys.pinyin.get(run)
                if found is not None and (
                    best is None
                    or (_general(best[1][1]), -best[0]) > (_general(found[1]), -len(run))
                ):
                    best = (len(run), found)
        return best

    def place_of(self, query: str) -> tuple[str, Place] | None:
        """The province or city the query names (the longest name first), as it is shown.
        Shanghai counts only when no other place is named: it is the exchange's own city
        (a Xiamen company listing in Shanghai, the Shanghai Stock Exchange)."""
        q = norm(query)
        named = [(shown, p) for key, shown, p in self.keys.places if _named(key, q)]
        other = next((x for x in named if x[1].name_zh != EXCHANGE_CITY), None)
        return other or (named[0] if named else None)

    def nearest_bases(self, query: str) -> list[tuple[Base, str, float]]:
        """The office nearest to the place the query names (with the place as shown and the
        distance), and the next one when it is hardly farther (within `NEAR_TIE`): distance
        suggests, it assigns nothing."""
        if self.topics is None or not self.topics.bases:
            return []
        found = self.place_of(query)
        if found is None:
            return []
        shown, place = found
        by_km = sorted(
            ((b, shown, _distance(b.lat, b.lon, place.lat, place.lon)) for b in self.topics.bases),
            key=lambda x: x[2],
        )
        first = by_km[0]
        return [first] + [x for x in by_km[1:2] if x[2] <= first[2] * (1 + NEAR_TIE)]

    def listing_by_place(self, query: str) -> tuple[str, Topic] | None:
        """A place and a listing word (河北 上市, listing in Hebei): the topic that takes the
        nearest office, with the listing word as the term that matched."""
        if self._nearest is None:
            return None
        word = listing_word(query)
        if word is None or self.place_of(query) is None:
            return None
        return word, self._nearest

    def ahead(
        self,
        query: str,
        results: list[Result],
        limit: int,
        directory: m.Directory,
        ids: dict[str, int],
        table: Callable[[], dict[str, tuple[str, ...]]] | None = None,
        inside: Annex | None = None,
        not_asked: Callable[[tuple[m.Audience, ...]], bool] | None = None,
    ) -> list[Result]:
        """The results with the desks of the topic the query names put first; `table` gives
        the readings of characters (for a topic term mistyped), `inside` finds names of the
        annex written in the query, `not_asked` whether a topic's audiences leave out who is
        asking."""
        found = self.topic_of(query)
        if found is None or found[1].id in QUESTION_TOPICS:
            # A listing word with a place is a listing question, unless the query names
            # another topic (深圳 投诉 找谁, 河北某公司欺诈上市); a mere "may I ask" gives way
            # (请问河北企业怎么上市).
            found = self.listing_by_place(query) or found
        if found is not None and found[1].id in QUESTION_TOPICS and _names_a_desk(results):
            # "May I ask" says nothing of the desk; a name of the directory written in the
            # question does (请问债券审核那边的电话几点有人接: the bond desk).
            found = None
        elif (
            found is not None
            and found[1].id in CERTIFICATE_TOPICS
            and not any(w in norm(query) for w in CERTIFICATE_TROUBLE)
            and results
            and results[0].channel.kind is m.ChannelKind.SYSTEM
            and _names_a_desk(results)
        ):
            # The certificate a system named in the question needs is that system's question
            # (发行上市审核系统 EKey 登录入口: the review system, which says which EKey),
            # unless something is wrong with the certificate itself (丢了, 过期, 驱动).
            found = None
        if inside is not None and found is not None and not found[1].nearest_base:
            # A name of the annex written whole says more than a topic term inside it: the
            # whole query (并购重组委), or, beside a general topic, part of it (融资融券测试 in
            # 融资融券测试结果, not the 融资融券 of general questions).
            named = inside.annex_name(query)
            if named is None or not _within(norm(found[0]), named[0]):
                general = _general(found[1]) or found[1].id in QUESTION_TOPICS
                named = inside.annex_inside(query, found[0]) if general else None
            if named is not None:
                return _first(named[1], results, limit, directory, named[0])
        if (found is None or _general(found[1])) and table is not None and _weak(results, query):
            found = self.slip_of(query, table()) or found
        if found is not None and (
            _other_family(found[1], query)
            or (not_asked is not None and not_asked(found[1].audience))
            or ("+" in found[0] and found[1].id in VISIT_TOPICS and facets.consults(norm(query)))
        ):
            # A visit met only by a pair of words (预约 … 上交所) is no visit when the question
            # asks to talk something over (想预约去上交所当面沟通发行方案): its words decide.
            found = None
        if found is None and directory is not None and facets.only_contact(norm(query)):
            # 上交所的邮箱是多少, how to contact the exchange: the general desk, reached the
            # way asked (its mailbox, its WeChat), else its hotline.
            results = self._general_desk(query, results, directory)
        if found is None or limit < 1:
            return self._by_means(query, results, directory)
        term, topic = found
        desk, near = topic.channel, {}
        if topic.nearest_base:
            bases = self.nearest_bases(query)
            if bases:
                desk = bases[0][0].channel
                near = {b.channel: Nearby(shown, b.city_zh, round(km)) for b, shown, km in bases}
        top = max((r.score for r in results), default=0.0)
        by_id = {r.channel.id: r for r in results}
        wanted: tuple[str, ...] = tuple(dict.fromkeys((desk, *near, *topic.also)))
        terms = terms_of(query)
        # Only words outside the topic's term can choose or overrule (account information is
        # one term of the topic, not two words that a disclosure page also holds).
        others = len(terms) > 1 and any(norm(t) not in norm(term) for t in terms)
        whole = [
            r.channel.id
            for r in results
            if others and terms_met(r) == len(terms) and r.tier >= Tier.SUBSTRING
        ]
        if whole:
            # Other words of the query are matched as well: they choose among the topic's
            # channels (举报 邮箱: the petitions mailbox), or overrule the topic altogether
            # (保荐机构 EKey 申报 首发: the review system, not the certificate site).
            wanted = tuple(cid for cid in whole if cid in wanted)
            if not wanted:
                return results
        ahead: list[Result] = []
        for rank, cid in enumerate(wanted):
            ci = ids.get(cid)
            if ci is None or any(r.channel.id == cid for r in ahead):
                continue
            # The topic's channels come first by position, not by weight: each scores one above
            # the next, the last one above the best match of the words.
            share = float(len(wanted) - rank)
            score = round(top + share, 4)
            reason = Reason(
                term,
                Field.TOPIC,
                topic.id,
                KeyKind.TOPIC,
                Tier.EXACT,
                share,
                "topic",
                topic.name_zh,
                topic,
                near.get(cid),
            )
            ch = directory.channels[ci]
            routes: tuple[int, ...] = ()
            if cid == desk and topic.route and ch.phones():
                routes = tuple(
                    i for i, r in enumerate(ch.phones()[0].routes) if r.steps == topic.route
                )
            old = by_id.get(cid)
            if old is not None:
                ahead.append(
                    replace(
                        old,
                        score=score,
                        routes=routes or old.routes,
                        reasons=(reason, *old.reasons),
                    )
                )
            else:
                ahead.append(Result(ch, score, routes, (topic.name_zh,), Tier.EXACT, (reason,)))
        taken = {r.channel.id for r in ahead}
        rest = [r for r in results if r.channel.id not in taken]
        return self._by_means(query, ahead + rest, directory)[:limit]


def _fold(syllable: str) -> str:
    for a, b in _FOLDS:
        syllable = syllable.replace(a, b)
    return syllable


def sounds(text: str, table: dict[str, tuple[str, ...]], folded: bool = False) -> list[str]:
    """How a Chinese text may sound (at most 8 readings; `folded`: near-homophones folded)."""
    runs = [""]
    for ch in text:
        readings = table.get(ch)
        if not readings:
            return []
        sounds = dict.fromkeys(_fold(x) if folded else x for x in readings[:2])
        runs = [r + "-" + x for r in runs for x in sounds][:8]
    return runs


def _other_family(topic: Topic, query: str) -> bool:
    """A stage of the share listing review named for a bond (在审债券项目): the bond desks'
    question, which the words answer."""
    return topic.id in STAGE_TOPICS and facets.names_bonds(norm(query))


def _weak(results: list[Result], query: str) -> bool:
    """No result meets every word of the query at least as a substring."""
    n = len(terms_of(query))
    return not any(terms_met(r) >= n and r.tier >= Tier.SUBSTRING for r in results[:3])


def _names_a_desk(results: list[Result]) -> bool:
    """The first result's words name a desk of the directory: `DESK_NAME_MIN` Chinese
    characters of one of its keys in runs of two or more (债券 … 电话 of 债券业务电话咨询)."""
    return bool(results) and any(
        x.field not in (Field.TOPIC, Field.AUDIENCE, Field.ASKED)
        and _shared_runs(x.key, norm(x.term)) >= DESK_NAME_MIN
        for x in results[0].reasons
    )


def _shared_runs(key: str, q: str) -> int:
    """How many Chinese characters of `key` the query holds in runs of two or more."""
    shared, i = 0, 0
    while i < len(key) - 1:
        n = 2
        if key[i : i + n] in q and "\u3400" <= key[i] <= "\u9fff":
            while i + n < len(key) and key[i : i + n + 1] in q:
                n += 1
            shared += n
            i += n
        else:
            i += 1
    return shared


def _within(term: str, key: str) -> bool:
    """A topic term inside a longer name of the annex."""
    return term in key and len(key) > len(term)


def _first(
    channels: tuple[int, ...],
    results: list[Result],
    limit: int,
    directory: m.Directory,
    key: str,
) -> list[Result]:
    """The channels of an annex name written whole in the query, first."""
    by_id = {r.channel.id: r for r in results}
    top = max((r.score for r in results), default=0.0)
    ahead: list[Result] = []
    for rank, ci in enumerate(channels):
        ch = directory.channels[ci]
        old = by_id.get(ch.id)
        score = round(top + len(channels) - rank, 4)
        if old is not None:
            ahead.append(replace(old, score=score))
        else:
            ahead.append(Result(ch, score, (), (key,), Tier.SUBSTRING, ()))
    taken = {r.channel.id for r in ahead}
    return (ahead + [r for r in results if r.channel.id not in taken])[: max(limit, 0)]


def _desk_in(topic: Topic, area: str) -> bool:
    """Whether a topic's desk is a channel of that area (by its id's prefix)."""
    return topic.channel.startswith(area)


def _general(topic: Topic) -> bool:
    """A catch-all topic (举报, 投诉, 请问) rather than a particular act or matter."""
    return topic.id.endswith("-general")


def _toneless(text: str) -> str:
    """Pinyin typed with tone marks (nèimù jiāoyì) as plain letters; ü as u."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _named(key: str, q: str) -> bool:
    """A normalised term or name is in the normalised query: Chinese anywhere, Latin as a
    word of its own."""
    return key in q and (not key.isascii() or _whole_word(key, q))


def _whole_word(key: str, q: str) -> bool:
    """A Latin topic term is a word of the query (or its plural: rumour, spreading rumours),
    not letters inside another word."""
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?:e?s)?(?![a-z0-9])", q) is not None


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
