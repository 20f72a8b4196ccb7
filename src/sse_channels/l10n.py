"""The interface language: chosen once, then `_()`, `ngettext()` and `pgettext()` speak it.

The core marks its messages with this module; `i18n` (the shell) adds Click's messages.

English is the source language (the msgids); Chinese comes from the gettext catalog
`locale/zh_CN/LC_MESSAGES/sse_channels.mo`, read only when Chinese is chosen. The choice never
calls `setlocale` and so never depends on whether a zh_CN locale is installed.

Order of choice: an explicit argument (`--lang`), `SSE_CHANNELS_LANG`, the POSIX variables as
gettext reads them (`LANGUAGE`, a colon-separated list, then `LC_ALL`, `LC_MESSAGES`, `LANG`),
then on Windows the user's UI language. Anything else is English.
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

DOMAIN = "sse_channels"
ENV_LANG = "SSE_CHANNELS_LANG"
LOCALE_DIR = Path(__file__).with_name("locale")
MO_PATH = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"


_lang: Lang | None = None
_tr: gettext.NullTranslations = gettext.NullTranslations()


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
    global _lang, _tr
    _lang = choose(lang)
    if current() is Lang.ZH:
        with MO_PATH.open("rb") as f:
            _tr = gettext.GNUTranslations(f)
    else:
        _tr = gettext.NullTranslations()
    return _lang


def current() -> Lang:
    """The language in use, chosen from the environment on first use."""
    return _lang if _lang is not None else set_language(None)


def _(msgid: str) -> str:
    """The translation of `msgid` in the current language."""
    if _lang is None:
        set_language(None)
    return _tr.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _lang is None:
        set_language(None)
    return _tr.ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    """The translation of `msgid` in `context` (one English word, two Chinese ones)."""
    if _lang is None:
        set_language(None)
    return _tr.pgettext(context, msgid)


@contextmanager
def source_language() -> Iterator[None]:
    """Speak English (the msgids) inside: machine output never changes with the language."""
    global _tr
    current()
    saved = _tr
    _tr = gettext.NullTranslations()
    try:
        yield
    finally:
        _tr = saved


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak `lang` ("zh" or "en") inside, whatever the interface language (a CSV file whose
    header the user chose: its prose columns are in the header's language)."""
    global _tr
    current()
    saved = _tr
    _tr = in_language(lang)
    try:
        yield
    finally:
        _tr = saved


def in_language(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` ("zh" or "en"), whatever the interface language (CSV --header)."""
    if _from_tag(lang) is Lang.ZH:
        if current() is Lang.ZH:
            return _tr
        with MO_PATH.open("rb") as f:
            return gettext.GNUTranslations(f)
    return gettext.NullTranslations()


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
