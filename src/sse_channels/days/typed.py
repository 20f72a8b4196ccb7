"""Dates and times as people type them, for `--from` and `--at`. Pure: "now" is a parameter.

ISO 8601 comes first and behaves as before (`schedule.parse_instant`; its error rules and the
years 1990-2199). Then, all in Beijing time whatever the machine's zone:

- dates: `2026/12/01`, `2026.12.01`, `2026年12月1日`, `12月1日` (this year in Beijing),
  `今天` `明天` `昨天` `后天` `前天`, `today` `tomorrow` `yesterday`, `下周一`..`下周日`,
  `本周五` / `这周五` / `周五` / `星期五` (that day of this Monday-to-Sunday week);
- times: `10:00`, `10:00:30`, `10点`, `10点半`, `10点15分`, `下午3点`, `上午9:30`, `晚上8点`;
- the same as typed in English or with Chinese numerals: `12/8` (month/day), `Dec 8`,
  `8 Dec`, `December 8`, `10am`, `3:30 pm`, `十点`, `上午十点半`, `两点`;
- both: `明天 10:00`, `2026/12/01 10:00`, `下周一上午9点`, `12/8 10:00`, `Dec 8 10:00`,
  `tomorrow 10am`, `周一上午十点`. A bare time is that time today; a bare date for `--at` is
  its midnight.

Digits: every decimal digit is read as the ASCII digit it is, wherever it stands (full-width
`１０:００` from a Chinese input method, Arabic-Indic `١٠:٠٠`), in ISO 8601 too. One rule for
every form: what a keyboard gives as a digit is a digit.

Why not dateparser: it was tried (1.5.0, languages zh and en, a fixed RELATIVE_BASE) on the
forms above. It returns nothing for `12月1日`, `下周一`, `本周五`, `10点`, `10点半` and
`下午3点`, and reads `上午9:30` as tomorrow once told to prefer the future (the setting that
makes `周五` mean a coming Friday). A short grammar written here covers every form exactly, costs
no import and no dependency, and says precisely what it accepts when it fails.
"""

from __future__ import annotations

import datetime as dt
import re

from sse_channels.errors import UsageError
from sse_channels.l10n import _

# A refusal shows three examples, not every form (the module docstring lists them all).
DATE_EXAMPLES = ("2026-12-08", "12/8", "明天")
TIME_EXAMPLES = ("2026-12-08T10:00", "12/8 10:00", "明天上午10点")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YMD = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*[日号]?")
_MD = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_SLASH_MD = re.compile(r"(\d{1,2})/(\d{1,2})(?![\d/])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MON_D = re.compile(rf"{_MONTH}\s*(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])")
_D_MON = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s*{_MONTH}(?![a-z])")
_AMPM = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+(?=\s*[点時时分])")
_WEEKDAY = "一二三四五六日天"
_WEEK = re.compile(rf"(下|本|这|上)?(?:个)?(?:周|星期|礼拜)([{_WEEKDAY}])")
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
}
_TIME = re.compile(
    r"(上午|早上|早晨|中午|下午|傍晚|晚上)?\s*(\d{1,2})"
    r"(?::(\d{2})(?::(\d{2}))?|\s*[点時时](?:\s*(半)|\s*(\d{1,2})\s*分?)?)"
)
_AFTERNOON = ("下午", "傍晚", "晚上")


def parse_date(text: str, *, today: dt.date) -> dt.date:
    """A request day as typed: ISO 8601 or one of DATE_FORMS. `today` is Beijing's date."""
    from .staffing import check_year

    s = ascii_digits(text.strip())
    if _ISO_DATE.fullmatch(s):
        try:
            return check_year(dt.date.fromisoformat(s))
        except ValueError:
            pass  # 2026-02-30: falls through to the message below
    else:
        day, rest = _date_part(s.lower(), today)
        if day is not None and not rest:
            return check_year(day)
    raise UsageError(
        _("cannot read {text} as a date; e.g. {examples}").format(
            text=repr(_shown(text)), examples=_(", ").join(DATE_EXAMPLES)
        )
    )


def parse_instant(text: str, *, now: dt.datetime) -> dt.datetime:
    """An instant as typed, in Beijing time: ISO 8601 (as `schedule.parse_instant`), a date, a
    time (today), or both. `now` is any aware datetime; its Beijing date is "today"."""
    from .staffing import BEIJING, check_year
    from .staffing import parse_instant as iso_instant

    s = ascii_digits(text.strip())
    if _ISO_DATE.match(s):
        return iso_instant(s)
    today = now.astimezone(BEIJING).date()
    day, rest = _date_part(s.lower(), today)
    clock = _time_part(rest) if rest else None
    if (day is not None or clock is not None) and (not rest or clock is not None):
        when = dt.datetime.combine(day or today, clock or dt.time(0), tzinfo=BEIJING)
        check_year(when.date())
        return when
    raise UsageError(
        _("cannot read {text} as a time; e.g. {examples} (Beijing time)").format(
            text=repr(_shown(text)), examples=_(", ").join(TIME_EXAMPLES)
        )
    )


def names_a_day(text: str, *, now: dt.datetime) -> bool:
    """Whether `text` is a date alone (2026年12月8日, 12/8, 明天): asked for the whole day."""
    from .staffing import BEIJING

    s = ascii_digits(text.strip())
    if _ISO_DATE.match(s):
        return _ISO_DATE.fullmatch(s) is not None
    day, rest = _date_part(s.lower(), now.astimezone(BEIJING).date())
    return day is not None and not rest


def ascii_digits(text: str) -> str:
    """Every decimal digit as its ASCII digit: `１０:００` and `١٠:٠٠` read as `10:00`."""
    if text.isascii():
        return text
    import unicodedata

    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _cn_number(text: str) -> str:
    """十 → 10, 十一 → 11, 二十三 → 23, 两 → 2 (hours and minutes: below 100)."""
    if "十" not in text:
        return "".join(str(_CN_DIGITS[c]) for c in text)
    tens, _sep, ones = text.partition("十")
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def _date_part(s: str, today: dt.date) -> tuple[dt.date | None, str]:
    """The date at the start of `s` (None if there is none) and what follows it, stripped."""
    for word, offset in _RELATIVE.items():
        if s.startswith(word):
            return today + dt.timedelta(days=offset), s[len(word) :].strip()
    if m := _YMD.match(s):
        day = _real(int(m[1]), int(m[2]), int(m[3]))
        return (day, s[m.end() :].strip()) if day else (None, s)
    if m := _MD.match(s) or _SLASH_MD.match(s):
        day = _real(today.year, int(m[1]), int(m[2]))
        return (day, s[m.end() :].strip()) if day else (None, s)
    if m := _MON_D.match(s):
        day = _real(today.year, _MONTHS.index(m[1]) + 1, int(m[2]))
        return (day, s[m.end() :].strip()) if day else (None, s)
    if m := _D_MON.match(s):
        day = _real(today.year, _MONTHS.index(m[2]) + 1, int(m[1]))
        return (day, s[m.end() :].strip()) if day else (None, s)
    if m := _WEEK.match(s):
        monday = today - dt.timedelta(days=today.weekday())
        shift = {"下": 7, "上": -7}.get(m[1] or "", 0)
        day = monday + dt.timedelta(days=shift + min(_WEEKDAY.index(m[2]), 6))
        return day, s[m.end() :].strip()
    return None, s


def _time_part(s: str) -> dt.time | None:
    if m := _AMPM.fullmatch(s):
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return dt.time(hour % 12 + (12 if m[3] == "p" else 0), minute)
    try:
        s = _CN_NUMBER.sub(lambda n: _cn_number(n[0]), s)
    except KeyError:  # 十十点: not a number
        return None
    m = _TIME.fullmatch(s)
    if m is None:
        return None
    part, hour = m[1], int(m[2])
    minute = 30 if m[5] else int(m[3] or m[6] or 0)
    second = int(m[4] or 0)
    if part in _AFTERNOON and hour < 12:
        hour += 12
    elif part == "中午" and hour < 11:
        hour += 12  # 中午1点 is 13:00; 中午12点 is noon
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shown(text: str) -> str:
    return text.strip()[:40]
