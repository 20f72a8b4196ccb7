"""The shell's side of the interface language: `--lang`, and Typer's copy of Click translated
where its help and usage errors leave it. The language itself and the catalog are `l10n`."""

from __future__ import annotations

import re
from typing import Any

from sse_channels import l10n
from sse_channels.l10n import (
    DOMAIN,
    ENV_LANG,
    LOCALE_DIR,
    MO_PATH,
    N_,
    Lang,
    _,
    choose,
    curly,
    current,
    in_language,
    ngettext,
    pgettext,
    set_language,
    source_language,
)

__all__ = [
    "DOMAIN",
    "ENV_LANG",
    "LOCALE_DIR",
    "MO_PATH",
    "N_",
    "Lang",
    "_",
    "choose",
    "curly",
    "current",
    "in_language",
    "ngettext",
    "pgettext",
    "set_language",
    "source_language",
]


def lang_in_args(args: list[str]) -> str | None:
    """The value of `--lang` among the arguments (before `--`), read before Click parses them,
    so that help and usage errors are already in that language."""
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a[7:]
    return None


def lang_first(args: list[str]) -> list[str]:
    """The arguments with a `--lang VALUE` given after the command moved before it, where the
    group reads it: `search 债券 --lang en` is `--lang en search 债券`, as `--as` may follow
    the command too. A `--lang` without a value, or after `--`, stays where it is."""
    for i, a in enumerate(args):
        if a == "--":
            break
        if a.startswith("--lang=") and i > 0:
            return [a, *args[:i], *args[i + 1 :]]
        if a == "--lang" and i > 0 and i + 1 < len(args) and args[i + 1] != "--":
            return [a, args[i + 1], *args[:i], *args[i + 2 :]]
    return args


def known_lang(value: str | None) -> str | None:
    """`value` if it names a language of the interface; None (the environment's) otherwise,
    so that Click's refusal of `--lang fr` is said in the language the user would get."""
    return value if value in {lang.value for lang in Lang} else None


def lang_callback(value: Lang | None) -> Lang | None:
    """Typer callback of the eager `--lang` option."""
    if value is not None:
        set_language(value.value)
    return value


# --------------------------------------------------------------------------- Click's messages
#
# Typer (0.2x) ships its own copy of Click in `typer._click` with the gettext calls removed:
# its messages are plain f-strings, so neither `bindtextdomain` nor replacing `_` reaches them.
# They are translated where they leave Click instead: help goes through the formatter
# (`Context.formatter_class`), usage errors through `ClickException.show`. Each English
# template below is a msgid of our catalog; tests/test_i18n.py fails if Click's wording moves.

_CLICK_ERRORS: tuple[tuple[str, str], ...] = (
    (r"No such command (?P<name>'.*?')\.(?: Did you mean (?P<s>.*)\?)?$", ""),
    (r"Missing argument (?P<name>'.*?')\.$", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>'.*?')\.$", N_("Missing option {name}.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)$",
        N_("No such option: {name} (possible options: {options})"),
    ),
    (r"No such option: (?P<name>\S+)$", N_("No such option: {name}")),
    (
        r"Missing option (?P<name>'.*?')\. Choose from:\n\t(?P<choices>(?s:.*))$",
        N_("Missing option {name}. Choose from: {choices}."),
    ),
    (r"Option (?P<name>'.*?') requires an argument\.$", N_("Option {name} requires an argument.")),
    (
        r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$",
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (r"Invalid value for (?P<hint>.*?): (?P<msg>.*)$", N_("Invalid value for {hint}: {msg}")),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.$", N_("{value} is not one of {choices}.")),
    (r"(?P<value>'.*') is not a valid integer\.$", N_("{value} is not a valid integer.")),
    (r"(?P<value>\S+) is out of range: it must be (?P<b>.*)\.$", ""),
)

# The paragraphs of the app's and the commands' help (their docstrings, in English): the help
# formatter looks each up as it writes it; tests/test_i18n.py checks that every one is here.
HELP_TEXTS = (
    N_(
        "Find the right desk of the Shanghai Stock Exchange: the channel, the dial sequence, "
        "the mailbox or site, and whether it is staffed now (Beijing time, SSE trading days)."
    ),
    N_("A query without a command searches: sse-channels 投诉 is sse-channels search 投诉."),
    N_("The Shanghai Stock Exchange's channels, from the shell."),
    N_("Find channels from Chinese, pinyin, initials, English or a number; each word narrows."),
    N_("Show a whole area or one channel, with every field."),
    N_("List every channel, one per line (id, area, name), fit for pipes."),
    N_(
        "How to reach a line by phone: the dial sequence, what it is for, "
        "and whether it is staffed now."
    ),
    N_(
        "Which lines are staffed at an instant, today's windows and the next change (Beijing time)."
    ),
    N_("When the exchange should answer, counted in working days."),
    N_("Open the best-matching link in the browser (--print only prints it)."),
    N_("Serve a web page and a JSON API with the same answers, for browsers and phones."),
    N_("Export the directory (or one area or channel) as JSON, CSV, vCard or Markdown."),
    N_("Check a directory file with the packaged validator; each problem with its line."),
    N_(
        "Check that every link of the directory still answers: status, redirects, TLS, DNS. "
        "Exit 0 when all answer, 1 when any does not, 2 on a usage error or an invalid file."
    ),
    N_(
        "What changed between two directory files, channel by channel and field by field. "
        "Exit 0 when they are the same, 1 when they differ, 2 when a file is invalid."
    ),
)

# Click's and Typer's fixed help texts, looked up as they are written.
CLICK_TEXTS = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("required"),
    N_("env var: {var}"),
)


def _t(msgid: str) -> str:
    return l10n._(msgid)  # a variable, not a literal: the extractor leaves it alone


def _bounds(text: str) -> str:
    parts = []
    for part in text.split(" and "):
        m = re.fullmatch(r"at (least|most) (\S+)", part)
        if m is None:
            return text
        tmpl = N_("at least {n}") if m[1] == "least" else N_("at most {n}")
        parts.append(_t(tmpl).format(n=m[2]))
    return _t(N_("{a} and {b}")).format(a=parts[0], b=parts[1]) if len(parts) == 2 else parts[0]


def click_message(text: str) -> str:
    """Click's English message for a usage error, in the current language."""
    if current() is not Lang.ZH:
        return text
    for pattern, tmpl in _CLICK_ERRORS:
        m = re.match(pattern, text)
        if m is None:
            continue
        g = m.groupdict()
        if pattern.startswith("No such command"):
            out = _t(N_("No such command {name}.")).format(name=g["name"])
            if g["s"]:
                out += _t(N_("Did you mean {suggestions}?")).format(suggestions=g["s"])
            return out
        if pattern.endswith("must be (?P<b>.*)\\.$"):
            return _t(N_("{value} is out of range: it must be {bounds}.")).format(
                value=g["value"], bounds=_bounds(g["b"])
            )
        if "msg" in g:
            g["msg"] = click_message(g["msg"])
        for key in ("choices", "options"):
            if g.get(key):
                g[key] = "、".join(c.strip() for c in re.split(r",\s*", g[key]) if c.strip())
        return _t(tmpl).format(**g)
    return _t(text)


def _help_cell(text: str) -> str:
    """An option's help with Click's `  [default: 10]` tail, each part translated."""
    m = re.match(r"(?s)(.*?)(?:\s\s)?\[(.*)\]$", text)
    if m is None:
        return _t(text)
    extras = []
    for extra in m[2].split("; "):
        if extra.startswith("default: "):
            extras.append(_t(N_("default: {default}")).format(default=extra[9:]))
        elif extra.startswith("env var: "):
            extras.append(_t(N_("env var: {var}")).format(var=extra[9:]))
        else:
            extras.append(_t(extra))
    tail = "[" + "；".join(extras) + "]"
    return f"{_t(m[1])}  {tail}" if m[1] else tail


def _paragraphs(text: str) -> str:
    out: list[str] = []
    for para in text.split("\n\n"):
        done = _t(" ".join(para.split())) if para.strip() else para
        example = re.match(r"Example: (.*)$", para.strip())
        if example:
            done = _t(N_("Example: {command}")).format(command=example[1])
        if done not in out:  # a bilingual docstring: its English paragraph is the Chinese one
            out.append(done)
    return "\n\n".join(out)


def install_click() -> None:
    """Route Typer's copy of Click through the catalog (help, headings, usage errors)."""
    from typer import _click
    from typer._click import exceptions, formatting

    base = formatting.HelpFormatter

    class Formatter(base):  # type: ignore[misc,valid-type]  # Typer's vendored class
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            if current() is Lang.ZH:
                prefix = _t(prefix or N_("Usage: "))
            super().write_usage(prog, args, prefix)

        def write_heading(self, heading: str) -> None:
            if current() is Lang.ZH:  # a full-width colon after a Chinese heading
                self.write(f"{'':>{self.current_indent}}{_t(heading)}：\n")
            else:
                super().write_heading(heading)

        def write_text(self, text: str) -> None:
            super().write_text(_paragraphs(text) if current() is Lang.ZH else text)

        def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
            if current() is Lang.ZH:
                rows = [(term, _help_cell(help) if help else help) for term, help in rows]
            super().write_dl(rows, *args, **kwargs)

    _click.Context.formatter_class = Formatter

    short_help = _click.core.Command.get_short_help_str

    def translated_short_help(self: Any, limit: int = 45) -> str:
        if current() is Lang.ZH and self.help and not self.short_help:
            return _t(" ".join(self.help.split("\n\n")[0].split()))
        return str(short_help(self, limit))

    _click.core.Command.get_short_help_str = translated_short_help  # type: ignore[method-assign]  # the hook

    usage_show = exceptions.UsageError.show
    click_show = exceptions.ClickException.show

    def translated(show: Any) -> Any:
        def wrapper(self: Any, file: Any = None) -> None:
            if current() is Lang.ZH:
                _zh_show(self, file, show)
                return
            show(self, file)

        return wrapper

    exceptions.UsageError.show = translated(usage_show)  # type: ignore[method-assign]  # the hook
    exceptions.ClickException.show = translated(click_show)  # type: ignore[method-assign]  # the hook


def _zh_show(exc: Any, file: Any, show: Any) -> None:
    """Click's own `show`, with its fixed `Error: ` and `Try '…' for help.` in Chinese."""
    import io

    buf = io.StringIO()
    show(exc, buf)
    text = buf.getvalue()
    text = re.sub(
        r"^Try '(?P<cmd>.*)' for help\.$",
        lambda m: _t(N_("Try '{command}' for help.")).format(command=m["cmd"]),
        text,
        flags=re.M,
    )
    text = re.sub(
        r"^Error: (?P<msg>.*?)(?P<end>\n?)\Z",  # the last paragraph; Click's may span lines
        lambda m: _t(N_("Error: ")) + l10n.curly(click_message(m["msg"])) + m["end"],
        text,
        flags=re.M | re.S,
    )
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    echo(
        text,
        file=file if file is not None else get_text_stderr(),
        nl=False,
        color=getattr(exc, "show_color", None),
    )
