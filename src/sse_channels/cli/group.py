"""Typer's group with plain argument converters, and arguments read the way they were meant.

Typer converts every argument through a pydantic TypeAdapter, and importing pydantic for that
costs more than the whole lookup (docs/performance.md). This program's parameters are only
str, int, float, bool, Enum and list[str], which need no validation framework, so they get a
plain converter with the same messages. Any other annotation keeps Typer's own.

The hook uses two private names of Typer (`typer._coercion.RuntimeParam` and a parameter's
`_runtime_param`), so pyproject.toml bounds Typer to the series it is tested on and
`tests/test_cli_params.py` fails loudly when the hook stops applying. If Typer's internals move
anyway (an ImportError, a renamed field or a changed signature), the hook does nothing and
Typer's default path runs: slower (pydantic is imported), same results.

The group is also the one place where a run's failures become exit codes (`invoke` for
domain errors, `run` for the streams and Ctrl-C).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any

import typer

from sse_channels.answers import Answer, failure
from sse_channels.errors import DataError, NotFoundError, SseChannelsError, UsageError
from sse_channels.output import emit, stdio
from sse_channels.output.stdio import OutputFailed, OutputGone, err
from sse_channels.textnorm import clean

from . import click_text
from .click_text import _
from .context import Invocation, invocation


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


class Unanswered(Exception):
    """An answer that is a failure (nothing valid, links that did not answer): printed, then
    exit code 1, given by `Group.invoke`. The message, if any, goes to stderr."""


class InputUnreadable(Exception):
    """A file given to `diff` or `check-links` is not a valid directory: exit code 2, since
    those commands keep 1 for their answer ("they differ", "a link is broken")."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error


def emit_answer(ctx: Any, answer: Answer, as_json: bool = False) -> None:
    """Print an answer in the chosen format; an answer that is a failure then ends the run."""
    emit(answer, as_json=as_json, color=invocation(ctx).color)
    problem = failure(answer)
    if problem is not None:
        raise Unanswered(problem)


def words(given: list[str]) -> str:
    """The query as typed: its words joined by spaces."""
    return " ".join(given)


def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Area and channel names and ids that start with what has been typed."""
    return _completions(ctx, incomplete, channels=True)


def complete_areas(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Area names and ids only: what `--area` accepts."""
    return _completions(ctx, incomplete, channels=False)


def _completions(ctx: Any, incomplete: str, *, channels: bool) -> list[tuple[str, str]]:
    try:
        # Completion runs without the callbacks: read --data as parsed, or the variable.
        from sse_channels import api
        from sse_channels.answers import completions

        data = (ctx.find_root().params or {}).get("data") or os.environ.get(ENV_DATA) or None
        return completions(api.load(data), incomplete, channels=channels)
    except SseChannelsError:
        return []


def _directory_words(ctx: Any) -> frozenset[str]:
    from sse_channels import api
    from sse_channels.answers import directory_words

    data = (ctx.params or {}).get("data")
    try:
        return directory_words(api.load(data))
    except SseChannelsError:
        return frozenset()


def report(exc: SseChannelsError) -> int:
    """Say what went wrong on stderr; the exit code: 2 for usage, 1 for the rest."""
    if isinstance(exc, DataError):
        from sse_channels.output.plain import problem_text

        for p in exc.problems:
            err(_("error: {message}").format(message=problem_text(p)))
        return 1
    err(click_text.curly(_("error: {message}").format(message=exc)))
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
            if isinstance(exc, NotFoundError) and invocation(ctx).as_json:
                stdio.out("[]")  # a script reading the JSON gets an empty list, not nothing
            raise typer.Exit(report(exc)) from None
        except InputUnreadable as exc:
            raise typer.Exit(report(exc.error) + 1) from None
        except Unanswered as exc:
            if str(exc):
                stdio.err(str(exc))
            raise typer.Exit(1) from None
        except OutputGone:
            raise typer.Exit(0) from None
        except OutputFailed as exc:
            err(_("error: {message}").format(message=exc))
            raise typer.Exit(1) from None

    def run(self, args: list[str] | None = None, obj: Invocation | None = None) -> int:
        """Run the command line; the exit code: 0, 1 or 2. The one place where everything that
        ends a run becomes a code: a reader that went away is success, a stream that cannot be
        written or Ctrl-C is 1, usage is 2, and nothing ends in a traceback."""
        stdio.prepare()
        code: int | str | None = 0
        try:
            self.main(args, prog_name="sse-channels", obj=obj or Invocation())
        except SystemExit as exc:
            code = exc.code
            if code == 130:  # Click's answer to Ctrl-C; exit codes stay 0, 1 and 2
                _interrupted()
                code = 1
        except (BrokenPipeError, OutputGone):
            stdio.silence_stdout()
        except KeyboardInterrupt:
            _interrupted()
            code = 1
        except OutputFailed as exc:  # e.g. --version written to a full disk
            err(_("error: {message}").format(message=exc))
            code = 1
        except OSError as exc:  # e.g. help text written to a full disk or a closed stdout
            stdio.silence_stdout()
            err(_("error: {message}").format(message=stdio.cannot_write(exc)))
            code = 1
        # The answer is out. Python's shutdown runs the cyclic collector over every object
        # still alive, the loaded directory and its index among them; frozen objects are left
        # to reference counting alone.
        gc.freeze()
        finished = stdio.finish()
        if finished:
            return finished
        return code if isinstance(code, int) else 1 if code else 0

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if _asks_for_help(args):  # `sse-channels help`, `sse-channels 帮助`: the help
            args = [*args[:-1], "--help"]
        _lighten(self.get_params(ctx))  # get_params adds --help to self.params
        args = click_text.lang_first(args)
        # Before Click prints help or an error.
        click_text.set_language(click_text.known_lang(click_text.lang_in_args(args)))
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


def _interrupted() -> None:
    stdio.silence_stdout()
    sys.stderr.write("interrupted\n")


HELP_WORDS = frozenset({"help", "帮助"})
# The group's options that take a value: `sse-channels --lang zh 帮助` is help alone too.
_VALUED = frozenset({"--lang", "--color", "--data", "--as"})


def _asks_for_help(args: list[str]) -> bool:
    """The last word is help or 帮助 and nothing before it but the group's options."""
    if not args or args[-1].strip().lower() not in HELP_WORDS:
        return False
    i = 0
    while i < len(args) - 1:
        if not args[i].startswith("-"):
            return False
        i += 2 if args[i] in _VALUED else 1
    return i == len(args) - 1


def lazy_group(app: typer.Typer) -> Group:
    """The app as a Click group whose commands are converted when first asked for.

    Typer converts every command up front, reading each function's signature and evaluating
    its annotations, where a run needs one command (docs/performance.md). The
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

        return [CompletionItem(value, help=help) for value, help in found(ctx, incomplete)]

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
