"""How sure an answer is: `high`, `medium` or `low`, from what matched and by how much.

A desk named by a topic term written in the question, or a whole word of the directory met
with a clear lead, is `high`. A general topic (投诉, 举报), a term found by its sound, or a
narrow lead is `medium`. A guess is `low`: a tie between two desks met by words alone; the
question's words met only in pieces or by near spelling, with little of them matched or
another channel close behind; a single shared character; or a matter the exchange has no desk
for (`scope.elsewhere`).
"""

from __future__ import annotations

from sse_channels.textnorm import norm

from .facets import same_words
from .index import Field
from .query import terms_of
from .result import Result, terms_met
from .scope import elsewhere
from .topical import QUESTION_TOPICS
from .weights import Tier

# A guess (pieces of a paraphrase, near spellings) is low when each word scores less than
# this on average, or when the next channel is this close behind.
WEAK_PER_TERM = 0.8
CLOSE_LEAD = 0.6
# A lead this wide over the next channel makes a whole-word match high rather than medium.
CLEAR_LEAD = 0.3
# A first answer ahead of the next by less than this, met by words alone, is a tie.
TIE = 0.05


class Confidence:
    """The three levels, as the strings JSON carries (no Enum: it costs start-up time)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_ORDER = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


def rate(query: str, results: list[Result] | tuple[Result, ...]) -> tuple[str, ...]:
    """One confidence per result, in order; none is above the first's."""
    if not results:
        return ()
    lead = results[0].score - (results[1].score if len(results) > 1 else 0.0)
    first = _one(query, results[0], lead)
    if (
        lead < TIE
        and len(results) > 1
        and _topic_of(results[0]) is None
        and results[1].channel.area != results[0].channel.area
    ):
        # Two desks the words meet equally well: which one is meant is a guess.
        first = Confidence.LOW
    if results[0].by_reader:
        first = _read_too(first, results[0])
    topic = next((x.topic for x in results[0].reasons if x.field is Field.TOPIC), None)
    particular = topic is not None and topic.id not in QUESTION_TOPICS
    if elsewhere(query) and not (first == Confidence.HIGH and particular):
        # Another exchange, a stock tip, the weather: unless a particular act the exchange
        # takes reports of is named (荐股群), no desk of the exchange is the answer.
        return tuple(Confidence.LOW for _ in results)
    out = [first]
    for r in results[1:]:
        own = _one(query, r, 0.0) if _topic_of(r) is None else first
        out.append(min(own, first, key=_ORDER.__getitem__))
    return tuple(out)


def _read_too(by_words: str, r: Result) -> str:
    """The first answer's confidence when the second reader read the question too.

    The words and the reader agree: they put it first, or the words put it first and the
    reader second, after another channel of the same desk (the two differ on the means only).
    Then it is at least medium. The reader put it first and the words found it further down:
    at most medium. Otherwise one of the two alone put it first (the words, or the reader with
    a channel the words did not find), and on questions neither had seen such answers were
    right about half the time: low."""
    same_desk = r.by_reader == 2 and r.readers_desk == r.channel.area
    if r.by_words == 1 and (r.by_reader == 1 or same_desk):
        return max(by_words, Confidence.MEDIUM, key=_ORDER.__getitem__)
    if r.by_reader == 1 and r.by_words > 1:
        return min(by_words, Confidence.MEDIUM, key=_ORDER.__getitem__)
    return Confidence.LOW


def _topic_of(r: Result) -> str | None:
    """The topic term that put a result first, if a topic did."""
    return next((x.term for x in r.reasons if x.field is Field.TOPIC), None)


def _one(query: str, r: Result, lead: float) -> str:
    term = _topic_of(r)
    if term is not None:
        topic = next(x.topic for x in r.reasons if x.field is Field.TOPIC)
        q = norm(query)
        written = all(part in q or part in same_words(q) for part in norm(term).split("+"))
        if topic is not None and (topic.id.endswith("-general") or topic.id in QUESTION_TOPICS):
            return Confidence.MEDIUM  # 投诉, 举报, 请问: what the question is about is unsaid
        return Confidence.HIGH if written else Confidence.MEDIUM
    met = [x for x in r.reasons if x.field not in (Field.TOPIC, Field.AUDIENCE, Field.ASKED)]
    if not met:  # put first by an annex name written whole, or by the means named
        return Confidence.MEDIUM
    n = max(len(terms_of(query)), 1)
    if all(len(norm(x.term)) == 1 and not x.term.isascii() for x in met):
        return Confidence.LOW  # one shared character is no match worth trusting
    if terms_met(r) * 2 < n:
        return Confidence.LOW  # most words of the question met nothing
    words = sum(x.score for x in met)
    if r.tier >= Tier.SUBSTRING:
        if terms_met(r) >= n and lead >= CLEAR_LEAD:
            return Confidence.HIGH
        return Confidence.MEDIUM
    if words / n < WEAK_PER_TERM or lead < CLOSE_LEAD:
        return Confidence.LOW
    return Confidence.MEDIUM
