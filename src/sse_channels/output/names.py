"""Names, summaries and labels in the interface language: one language a screen.

Chinese shows the Chinese; English shows the English with the Chinese name beside it (people
say the Chinese name on the phone). Where the directory has no English, the Chinese stands.
JSON never goes through here: it carries both, whatever the language.
"""

from __future__ import annotations

from typing import Protocol

from sse_channels import model as m
from sse_channels.l10n import Lang, current


class _Labelled(Protocol):
    @property
    def label_zh(self) -> str: ...
    @property
    def label_en(self) -> str: ...


def pair(zh: str, en: str) -> tuple[str, str]:
    """(the name to show first, the one to show beside or under it, or "")."""
    if current() is Lang.EN and en and en != zh:
        return en, zh
    return zh, ""


def name(zh: str, en: str) -> str:
    """'廉政监督电话' in Chinese; 'Integrity supervision phone line · 廉政监督电话' in English."""
    first, beside = pair(zh, en)
    return f"{first} · {beside}" if beside else first


def channel(ch: m.Channel) -> str:
    return name(ch.name_zh, ch.name_en)


def area(a: m.Area | None, fallback: str = "") -> str:
    return name(a.name_zh, a.name_en) if a is not None else fallback


def summary(ch: m.Channel) -> str:
    if current() is Lang.EN and ch.summary_en:
        return ch.summary_en
    return ch.summary_zh


def label(x: _Labelled) -> str:
    """A route's label (咨询 / consultation), in the interface language where the data has it."""
    if current() is Lang.EN and x.label_en:
        return x.label_en
    return x.label_zh


def audience(a: m.Audience) -> str:
    return a.value if current() is Lang.EN else m.AUDIENCE_ZH[a]
