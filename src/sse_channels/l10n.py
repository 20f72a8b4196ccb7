"""The interface language: chosen once, then `_()`, `ngettext()` and `pgettext()` speak it.

The core marks its messages with this module; `cli/click_text` (the shell) adds Click's.

The language in use is a context variable, as `decimal`'s context is: the command line sets
it once, before anything is printed; a server can speak each request's language in its own
context (`speaking`) without one request's choice reaching another.

English is the source language (the msgids); Chinese comes from the gettext catalog
`locale/zh_CN/LC_MESSAGES/sse_channels.mo`, read only when Chinese is chosen. The choice never
calls `setlocale` and so never depends on whether a zh_CN locale is installed.

Order of choice: an explicit argument (`--lang`), `SSE_CHANNELS_LANG`, the POSIX variables as
gettext reads them (`LANGUAGE`, a colon-separated list, then `LC_ALL`, `LC_MESSAGES`, `LANG`),
then on Windows the user's UI language. Anything else is English.
"""

from __future__ import annotations

import functools
import gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from pathlib import Path

DOMAIN = "sse_channels"
ENV_LANG = "SSE_CHANNELS_LANG"
LOCALE_DIR = Path(__file__).with_name("locale")
MO_PATH = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"


# The language in use and its catalog; None until chosen (from the environment on first use).
_SPEAKING: ContextVar[tuple[Lang, gettext.NullTranslations] | None] = ContextVar(
    "sse_channels_language", default=None
)


def _from_tag(tag: str) -> Lang | None:
    """`zh_CN.UTF-8` → ZH, `en_US` / `C` / `POSIX` → EN, "" → None (not set)."""
    tag = tag.strip()
    if not tag:
        return None
    low = tag.lower()
    if low.startswith("zh"):
        return Lang.ZH
    return Lang.EN


def _windows_ui() -> Lang | None:
    try:
        import ctypes
        import locale

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]  # Windows only
        name = locale.windows_locale.get(int(lcid), "")
    except (AttributeError, OSError, ValueError):
        return None
    return _from_tag(name)


def choose(explicit: str | None = None, env: dict[str, str] | None = None) -> Lang:
    """The language to speak, from an explicit choice, the environment, then the platform."""
    env = dict(os.environ) if env is None else env
    for tag in (explicit or "", env.get(ENV_LANG, "")):
        lang = _from_tag(tag)
        if lang is not None:
            return lang
    # gettext's order: LANGUAGE is used only with a locale other than C (as GNU gettext does,
    # LC_ALL=C switches it off); the first entry of the list that says anything wins.
    posix = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    if posix.split(".")[0] not in ("C", "POSIX"):
        for tag in env.get("LANGUAGE", "").split(":"):
            lang = _from_tag(tag)
            if lang is not None:
                return lang
    lang = _from_tag(posix)
    if lang is not None:
        return lang
    if sys.platform == "win32":
        return _windows_ui() or Lang.EN
    return Lang.EN


def set_language(lang: str | None = None) -> Lang:
    """Choose the language (None: from the environment) and load its catalog; returns it."""
    chosen = choose(lang)
    _SPEAKING.set((chosen, _catalog(chosen)))
    return chosen


@functools.cache
def _catalog(lang: Lang) -> gettext.NullTranslations:
    """The catalog of `lang`, read once: a server switches languages request by request."""
    if lang is Lang.ZH:
        with MO_PATH.open("rb") as f:
            return gettext.GNUTranslations(f)
    return gettext.NullTranslations()


def _speaking() -> tuple[Lang, gettext.NullTranslations]:
    now = _SPEAKING.get()
    if now is None:
        set_language(None)
        now = _SPEAKING.get()
        assert now is not None
    return now


def current() -> Lang:
    """The language in use, chosen from the environment on first use."""
    return _speaking()[0]


def _(msgid: str) -> str:
    """The translation of `msgid` in the current language."""
    return _speaking()[1].gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _speaking()[1].ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    """The translation of `msgid` in `context` (one English word, two Chinese ones)."""
    return _speaking()[1].pgettext(context, msgid)


@contextmanager
def speaking(lang: str | None) -> Iterator[Lang]:
    """Speak `lang` (None: from the environment) inside, and what was spoken before after."""
    token = _SPEAKING.set(_SPEAKING.get())
    try:
        yield set_language(lang)
    finally:
        _SPEAKING.reset(token)


@contextmanager
def source_language() -> Iterator[None]:
    """Machine output inside, the same in every interface language: messages in English (the
    msgids) and names as the directory has them, in Chinese (`output.names` shows the English
    beside them only to an English reader)."""
    token = _SPEAKING.set((Lang.ZH, gettext.NullTranslations()))
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def in_language(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` ("zh" or "en"), whatever the interface language (CSV --header)."""
    chosen = _from_tag(lang) or Lang.EN
    now, catalog = _speaking()
    return catalog if chosen is now and chosen is Lang.ZH else _catalog(chosen)


def shown_names(zh: str, en: str) -> tuple[str, str]:
    """One language a screen: (the name to show first, the one to show beside it, or "").
    Chinese shows the Chinese; English the English with the Chinese beside it (people say the
    Chinese name on the phone); where there is no English, the Chinese stands."""
    if current() is Lang.EN and en and en != zh:
        return en, zh
    return zh, ""


def shown_name(zh: str, en: str) -> str:
    """'廉政监督电话' in Chinese; 'Integrity supervision phone line · 廉政监督电话' in English."""
    first, beside = shown_names(zh, en)
    return f"{first} · {beside}" if beside else first


def curly(text: str) -> str:
    """Chinese: a value echoed in Python's quotes ('投訴') in the quotes a Chinese sentence uses
    (“投訴”); English: unchanged."""
    if current() is not Lang.ZH or "'" not in text:
        return text
    import re

    text = re.sub(r"'([^'\n]*)'", "“\\1”", text)
    # No space between a Chinese character and the full-width quote: 未找到与“投訴”相关.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=“)|(?<=”) (?=[^\x00-\x7f])", "", text)


def N_(msgid: str) -> str:  # the gettext convention, found by the extractor
    """Marks a module-level constant for extraction; translate it with `_()` where it is used."""
    return msgid
