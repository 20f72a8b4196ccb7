"""Text normalisation shared by indexing, querying and rendering. Standard library only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Zero-width, bidi controls and other format characters (Unicode category Cf) are dropped;
# other control characters become spaces. Nothing from a query reaches a terminal unescaped.
_SPACE_RE = re.compile(r"\s+")
_NUMBER_QUERY_RE = re.compile(r"^[+(\d][\d\s\-().,+→>]*$")
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9_.@'/-]*")


def clean(text: str) -> str:
    """Printable text: format characters removed, controls turned into spaces, NFC."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            continue
        out.append(" " if cat in ("Cc", "Zl", "Zp") else ch)
    return unicodedata.normalize("NFC", "".join(out))


def norm(text: str) -> str:
    """Search form: cleaned, NFKC (full-width to half-width), case-folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    return _SPACE_RE.sub(" ", text).strip()


def has_cjk(text: str) -> bool:
    return any(map(is_cjk_char, text))


def is_cjk_char(ch: str) -> bool:
    """A CJK ideograph (the Unified block, Extension A, the compatibility block), tested by code
    point: the equivalent regex character class is slow to compile at every start-up."""
    if not ch:
        return False
    o = ord(ch[0])
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def words(text: str) -> list[str]:
    """The Latin words and numbers of a normalised text."""
    return _WORD_RE.findall(text)


def number_query(text: str) -> str | None:
    """The digits of a query that is one phone-like number ("+86 21 6860 1281"), else None."""
    if not _NUMBER_QUERY_RE.match(text):
        return None
    digits = digits_only(text)
    return digits if len(digits) >= 7 else None


def digits_only(text: str) -> str:
    """The digits of a text, in order (the one digit extractor of the package)."""
    return "".join(ch for ch in text if ch.isdigit())


def fold_content_line(line: str) -> str:
    """Fold a vCard or iCalendar content line at 75 octets without splitting a UTF-8
    character (RFC 2425 §5.8.1, RFC 5545 §3.1): a line of Chinese is folded by its bytes."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def plain_line(*fields: str) -> str:
    """One tab-separated line; tabs and newlines inside fields become spaces."""
    return "\t".join(clean(f).replace("\t", " ").replace("\n", " ") for f in fields)


def runs(text: str) -> Iterable[tuple[bool, str]]:
    """The text (normalised) in runs of Chinese characters (True) and of Latin letters and
    digits; everything else separates runs."""
    run, cjk = "", False
    for ch in text:
        kind = is_cjk_char(ch)
        if kind or ("a" <= ch <= "z" or "0" <= ch <= "9"):
            if run and kind != cjk:
                yield cjk, run
                run = ""
            run, cjk = run + ch, kind
        elif run:
            yield cjk, run
            run = ""
    if run:
        yield cjk, run
