"""The page's language: `?lang=` when given, else the first of Accept-Language that the
catalog speaks, else Chinese. The catalog and the words are the command line's (`l10n`)."""

from __future__ import annotations

from sse_channels.l10n import Lang, current, set_language


def _tag(tag: str) -> Lang | None:
    low = tag.strip().lower()
    if low.startswith("zh"):
        return Lang.ZH
    if low.startswith("en"):
        return Lang.EN
    return None


def negotiate(asked: str | None, accept_language: str) -> Lang:
    """`?lang=en` wins; else Accept-Language by its q-values; Chinese when nothing is said."""
    if asked:
        lang = _tag(asked)
        if lang is not None:
            return lang
    ranked: list[tuple[float, int, Lang]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _sep, params = part.partition(";")
        lang = _tag(tag)
        if lang is None:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranked.append((-weight, i, lang))
    return min(ranked)[2] if ranked else Lang.ZH


def speak(lang: Lang) -> None:
    """Make `_()` speak `lang` for the request being answered (read the catalog on a change).

    Requests are answered one at a time on the event loop, and nothing awaits between this
    call and the end of the response's rendering, so one request never reads another's."""
    if current() is not lang:
        set_language(lang.value)
