"""Typer's group with plain argument converters, and arguments read the way they were meant.

Typer converts every argument through a pydantic TypeAdapter, and importing pydantic for that
costs about 70 ms: more than the whole lookup. This program's parameters are only str, int, float,
bool, Enum and list[str], which need no validation framework, so they get a plain converter
with the same messages. Any other annotation keeps Typer's own.

The hook uses two private names of Typer (`typer._coercion.RuntimeParam` and a parameter's
`_runtime_param`), so pyproject.toml bounds Typer to the series it is tested on and
`tests/test_cli_params.py` fails loudly when the hook stops applying. If Typer's internals move
anyway (an ImportError, a renamed field or a changed signature), the hook does nothing and
Typer's default path runs: slower (pydantic is imported, about 90 ms), same results.

Only `cli.py` uses this module.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from enum import Enum
from typing import Any

import typer
from msgspec import Struct

from . import i18n
from .answers import Answer, failure
from .errors import DataError, NotFoundError, SseChannelsError, UsageError
from .i18n import _
from .output import Color, emit
from .stdio import OutputFailed, OutputGone, err
from .textnorm import clean


def _plain_converter(annotation: Any) -> Callable[[Any], Any] | None:
    """A converter for the simple annotations used here, else None."""
    import types
    import typing

    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _plain_converter(next(a for a in args if a is not type(None)))
    if origin is list and args == (str,):
        return lambda v: [str(x) for x in v]
    if annotation is str:
        return str
    if annotation is int:

        def to_int(v: Any) -> int:
            if isinstance(v, int) and not isinstance(v, bool):
                return v
            try:
                return int(str(v).strip())
            except ValueError:
                raise typer.BadParameter(
                    f"{clean(str(v))[:40]!r} is not a valid integer."
                ) from None

        return to_int
    if annotation is float:

        def to_float(v: Any) -> float:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return float(v)
            try:
                value = float(str(v).strip())
            except ValueError:
                raise typer.BadParameter(f"{clean(str(v))[:40]!r} is not a valid float.") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise typer.BadParameter(f"{clean(str(v))[:40]!r} is not a finite number.")
            return value

        return to_float
    if annotation is bool:

        def to_bool(v: Any) -> bool:
            if isinstance(v, bool):
                return v
            text = str(v).strip().lower()
            if text in ("1", "true", "yes", "on", "y", "t"):
                return True
            if text in ("0", "false", "no", "off", "n", "f", ""):
                return False
            raise typer.BadParameter(f"{clean(str(v))[:40]!r} is not a valid boolean.")

        return to_bool
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        enum = annotation

        def to_enum(v: Any) -> Enum:
            if isinstance(v, enum):
                return v
            try:
                return enum(v)
            except ValueError:
                choices = ", ".join(repr(member.value) for member in enum)
                raise typer.BadParameter(
                    f"{clean(str(v))[:40]!r} is not one of {choices}."
                ) from None

        return to_enum
    return None


def _lighten(params: list[Any]) -> None:
    try:
        from typer._coercion import RuntimeParam
    except ImportError:
        return

    class _Plain(RuntimeParam):
        convert: Callable[[Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            value = self.convert(value)
            info = self.parameter_info
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            if isinstance(value, (int, float)) and (
                (low is not None and value < low) or (high is not None and value > high)
            ):
                bounds = " and ".join(
                    part
                    for part in (
                        f"at least {low}" if low is not None else "",
                        f"at most {high}" if high is not None else "",
                    )
                    if part
                )
                raise typer.BadParameter(f"{value} is out of range: it must be {bounds}.")
            return value

    for param in params:
        if getattr(param, "_runtime_param", "missing") is not None:
            continue  # already built, or not a Typer parameter
        desc = getattr(param, "type_descriptor", None)
        convert = _plain_converter(getattr(desc, "annotation", None))
        if convert is None or desc is None:
            continue
        try:
            plain = _Plain(parameter_info=desc.parameter_info, annotation=desc.annotation)
            object.__setattr__(plain, "convert", convert)
        except (AttributeError, TypeError):
            return  # Typer's internals moved: its own (slower) conversion runs instead
        param._runtime_param = plain


def lightened(param: Any) -> bool:
    """Whether a parameter converts with this module's plain converter (for the tests)."""
    return callable(getattr(getattr(param, "_runtime_param", None), "convert", None))


_BIDI = {
    c: f"\\u{c:04x}"
    for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _arg(a: str) -> str:
    if any("\udc80" <= ch <= "\udcff" for ch in a):
        # Under LANG=C Python decodes UTF-8 arguments as lone surrogates: undo that.
        with contextlib.suppress(UnicodeError, ValueError):
            a = os.fsencode(a).decode("utf-8")
    return a.translate(_BIDI) if a[:1] == "-" else a


ENV_DATA = "SSE_CHANNELS_DATA"


class Settings(Struct):
    """The global options of this invocation."""

    data: str | None = None
    color: Color = Color.auto
    as_json: bool = False  # set by --json as it is parsed
    role: str | None = None  # --as given before the command (a command's own --as wins)


SETTINGS = Settings()


def emit_answer(answer: Answer, as_json: bool = False) -> None:
    """Print an answer in the chosen format; an answer that is a failure then exits 1."""
    emit(answer, as_json=as_json, color=SETTINGS.color)
    problem = failure(answer)
    if problem is not None:
        if problem:
            err(problem)
        raise typer.Exit(1)


def words(given: list[str]) -> str:
    """The query as typed: its words joined by spaces."""
    return " ".join(given)


def complete(incomplete: str) -> list[tuple[str, str]]:
    """Area and channel names and ids that start with what has been typed."""
    return _completions(incomplete, channels=True)


def complete_areas(incomplete: str) -> list[tuple[str, str]]:
    """Area names and ids only: what `--area` accepts."""
    return _completions(incomplete, channels=False)


def _completions(incomplete: str, *, channels: bool) -> list[tuple[str, str]]:
    try:
        # Completion runs without the callback, so the options are unset: read the variable.
        from . import api
        from .answers import completions

        data = SETTINGS.data or os.environ.get(ENV_DATA) or None
        return completions(api.load(data), incomplete, channels=channels)
    except SseChannelsError:
        return []


def _directory_words(ctx: Any) -> frozenset[str]:
    from . import api
    from .answers import directory_words

    data = (ctx.params or {}).get("data")
    try:
        return directory_words(api.load(data))
    except SseChannelsError:
        return frozenset()


def report(exc: SseChannelsError) -> int:
    """Say what went wrong on stderr; the exit code: 2 for usage, 1 for the rest."""
    if isinstance(exc, DataError):
        from .describe import problem_text

        for p in exc.problems:
            err(_("error: {message}").format(message=problem_text(p)))
        return 1
    err(i18n.curly(_("error: {message}").format(message=exc)))
    if isinstance(exc, NotFoundError):
        if exc.suggestions:
            err(_("closest: {names}").format(names=" · ".join(exc.suggestions)))
        elif exc.hint:
            err(_(exc.hint))
    return 2 if isinstance(exc, UsageError) else 1


class Group(typer.core.TyperGroup):
    """Typer's group, with plain converters on every parameter that can take one, and the one
    handler that turns domain errors and output failures into messages and exit codes."""

    default_command = "search"
    # Commands not converted yet (see `lazy_group`): name -> Typer's record of the function.
    pending: dict[str, Any] | None = None

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(n for n in self.pending or () if n not in self.commands)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """A first word that is no command searches (`sse-channels 投诉` is `search 投诉`, as
        in tldr), unless it looks like a mistyped command (`serach`) and is no word of the
        directory (`report` is one): that stays a usage error with a suggestion."""
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if name and name not in known and not name.startswith("-"):
            from difflib import get_close_matches

            if not get_close_matches(name.lower(), known, cutoff=0.75) or (
                name.lower() in _directory_words(ctx)
            ):
                return self.default_command, self.get_command(ctx, self.default_command), args
            for pending in known:  # a usage error: Typer suggests from the converted commands
                self.get_command(ctx, pending)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SseChannelsError as exc:
            if isinstance(exc, NotFoundError) and SETTINGS.as_json:
                from .stdio import out

                out("[]")  # a script reading the JSON gets an empty list, not nothing
            raise typer.Exit(report(exc)) from None
        except OutputGone:
            raise typer.Exit(0) from None
        except OutputFailed as exc:
            err(_("error: {message}").format(message=exc))
            raise typer.Exit(1) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _lighten(self.get_params(ctx))  # get_params adds --help to self.params
        args = i18n.lang_first(args)
        i18n.set_language(i18n.known_lang(i18n.lang_in_args(args)))  # before help or an error
        # Bidi controls (U+202E…) reorder what a terminal shows, and a usage error echoes an
        # unknown option: show them escaped. Queries are cleaned by the core instead.
        args = [_arg(a) for a in args]
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and self.pending and cmd_name in self.pending:
            self.add_command(_convert(self.pending[cmd_name]), cmd_name)
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            _lighten(cmd.get_params(ctx))
            for param in cmd.get_params(ctx):
                _plain_help(param)
                _unfiltered_completion(param)
        return cmd


def lazy_group(app: typer.Typer) -> Group:
    """The app as a Click group whose commands are converted when first asked for.

    Typer converts every command up front, reading each function's signature and evaluating
    its annotations: about 13 ms for the whole app, where one command needs about one. The
    group is built without them (`typer.main.get_command`, public), and each is converted from
    its own one-command Typer app when the command line names it (or help lists it)."""
    registered = app.registered_commands
    app.registered_commands = []
    try:
        group = typer.main.get_command(app)
    finally:
        app.registered_commands = registered
    assert isinstance(group, Group)
    group.pending = {_command_name(info): info for info in registered}
    return group


def _command_name(info: Any) -> str:
    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def _convert(info: Any) -> Any:
    single = typer.Typer(
        add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False
    )
    single.registered_commands = [info]
    return typer.main.get_command(single)


def _unfiltered_completion(param: Any) -> None:
    """Typer keeps only the completions that start with what was typed, which drops 投资者…
    for `tou`: the query and `--area` offer what `complete` finds, pinyin and initials too."""
    found = {"query": complete, "area": complete_areas}.get(getattr(param, "name", None) or "")
    if found is None or getattr(param, "_custom_shell_complete", None) is None:
        return

    def offer(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(value, help=help) for value, help in found(incomplete)]

    param._custom_shell_complete = offer


def _plain_help(param: Any) -> None:
    """Help that reads `QUERY...`, not Typer's `{QUERY}...` and `QUERY <list[str]>`: the
    argument's name says what it takes, and Python type names mean nothing to a user."""
    if not isinstance(param, typer.core.TyperArgument):
        return
    name = param.metavar or (param.name or "").upper()
    usage = (name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else "")
    if hasattr(param, "display_type_rich") and hasattr(param, "_usage_display_name"):
        # Per-instance overrides of two Typer methods; without them Typer's own text shows.
        setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010
        setattr(param, "_usage_display_name", lambda: usage)  # noqa: B010
