"""What a value in the directory may look like: one place for the patterns and bounds.

The validator (`data.py`) applies them to every file it reads; `recheck` applies the ones that
guard a browser, a terminal or an export to a directory that comes back from the cache, so a
forged cache file cannot hand `file:///etc/passwd` to the browser or ESC bytes to the terminal.
Standard library only (imported on the warm path).
"""

from __future__ import annotations

import re

from sse_channels import model as m
from sse_channels.l10n import N_

# Every pattern is used with fullmatch (a `$` would accept a final newline) and re.ASCII
# (`\d` would accept ８ and other non-ASCII digits).
_A = re.ASCII
ID_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", _A)
CHANNEL_ID_RE = re.compile(r"[a-z][a-z0-9-]*\.[a-z][a-z0-9]*(-[a-z0-9]+)*", _A)
# As published: 400 numbers, landlines with area code (dash optional), mobiles.
PHONE_RE = re.compile(r"400\d{7}|0\d{2,3}-?\d{7,8}|1[3-9]\d{9}", _A)
STEP_RE = re.compile(r"[0-9*#]{1,6}", _A)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", _A)
# An RFC 3986 http(s) URL restricted to the characters no shell, terminal or spreadsheet treats
# specially: unreserved characters, percent-escapes and / ? # = & : @ + , . None of $ ' ( ) ;
# ! * [ ] (allowed by the RFC), and never a backtick, |, \, {, }, ^, space, control or bidi mark.
_URL_CHARS = r"(?:[A-Za-z0-9\-._~/?#=&:@+,]|%[0-9A-Fa-f]{2})"
URL_RE = re.compile(rf"https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{{1,5}})?(/{_URL_CHARS}*)?", _A)
WINDOW_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)", _A)
POSTCODE_RE = re.compile(r"\d{6}", _A)
QQ_RE = re.compile(r"\d{5,12}", _A)
ITEM_RE = re.compile(r"\d+(\(\d+\))?", _A)

# C0/C1 controls except \t and \n, and the characters that reorder, hide or break text: every
# format character (Unicode category Cf: bidi marks, zero-width characters, the BOM, soft
# hyphen, interlinear annotation, tags), line and paragraph separators, and the characters that
# draw nothing though they are letters or marks: the combining grapheme joiner, the Hangul and
# halfwidth Hangul fillers, Khmer's inherent vowels and the variation selectors.
FORBIDDEN_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef]"
)
FORBIDDEN_TEXT = N_("control, invisible or bidi characters are not allowed")

MAX_TEXT = 2000  # characters in one field: the longest in the annex is ~150
MAX_AMOUNT = 366  # a response time in working days: the annex's longest is 10
MAX_DEPTH = 32  # YAML nesting: the directory needs 6
MAX_STEPS = 12  # IVR steps after a number: the annex's longest route has 2; a QR code holds 12
# A file with more problems than this is not a directory with a few mistakes; listing a
# million of them (one per alias of a hostile file) would take minutes and gigabytes.
MAX_PROBLEMS = 100
MORE_PROBLEMS = "more problems were found; fix these and validate again to see the rest"


def recheck(directory: m.Directory) -> bool:
    """Whether what reaches a browser, a terminal or an export still passes the rules."""
    texts: list[str] = [directory.title_zh, directory.source_document_zh]
    for area in directory.areas:
        texts += (area.id, area.name_zh, area.name_en, *area.aliases)
    for ch in directory.channels:
        texts += (ch.id, ch.name_zh, ch.name_en, ch.summary_zh, ch.summary_en, *ch.aliases)
        texts += ch.notes_zh
        if ch.response is not None and not 1 <= ch.response.amount <= MAX_AMOUNT:
            return False
        for c in ch.contacts:
            if isinstance(c, m.Phone | m.Fax):
                if not PHONE_RE.fullmatch(c.number):
                    return False
                if isinstance(c, m.Phone):
                    for r in c.routes:
                        if len(r.steps) > MAX_STEPS:
                            return False
                        if not all(STEP_RE.fullmatch(s) for s in r.steps):
                            return False
                        texts += (r.label_zh, r.label_en, *r.aliases)
                    texts.append(c.label_zh)
            elif isinstance(c, m.Web | m.System):
                urls = (c.url,) if isinstance(c, m.Web) else (c.url, c.ekey_url or "http://a.b")
                if not all(URL_RE.fullmatch(u) for u in urls):
                    return False
                texts += (
                    (c.title_zh, c.title_en)
                    if isinstance(c, m.Web)
                    else (c.name_zh, c.portal_zh, c.functions_zh)
                )
            elif isinstance(c, m.Email):
                if not EMAIL_RE.fullmatch(c.address):
                    return False
            else:
                texts += (str(v) for v in _values(c))
    return FORBIDDEN_RE.search("\n".join(texts)) is None


def _values(contact: object) -> list[object]:
    slots: tuple[str, ...] = getattr(contact, "__slots__", ())
    return [v for v in (getattr(contact, s) for s in slots) if v is not None]
