"""Names, summaries and labels in the interface language: one language a screen.

Chinese shows the Chinese; English shows the English with the Chinese name beside it (people
say the Chinese name on the phone). Where the directory has no English, the Chinese stands.
JSON never goes through here: it carries both, whatever the language.
"""

from __future__ import annotations

from typing import Protocol

from sse_channels import model as m
from sse_channels.l10n import Lang, current, shown_name, shown_names


class _Labelled(Protocol):
    @property
    def label_zh(self) -> str: ...
    @property
    def label_en(self) -> str: ...


# A name in the screen's language, and the one beside it (l10n holds them, so that the
# layers below output say a name the same way).
pair = shown_names
name = shown_name


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
