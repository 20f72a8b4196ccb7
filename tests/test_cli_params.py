"""The Typer hook of cli_params.py: it must apply to every parameter it can take, on the Typer
that pyproject.toml allows, or start-up silently pays for pydantic again."""

from __future__ import annotations

import typer

from sse_channels.cli import group as cli_params
from sse_channels.cli.app import app


def _commands():
    group = typer.main.get_command(app)
    ctx = group.make_context("sse-channels", ["list"], resilient_parsing=True)
    return ctx, group, [group.get_command(ctx, name) for name in group.list_commands(ctx)]


def test_every_simple_parameter_of_every_command_gets_the_plain_converter():
    ctx, _group, commands = _commands()
    params = [p for cmd in commands for p in cmd.get_params(ctx) if p.name != "help"]
    assert len(params) > 25
    missing = [(p.name) for p in params if not cli_params.lightened(p)]
    assert missing == [], (
        f"Typer's internals moved: the plain converter no longer applies to {missing}"
    )


def test_the_hook_falls_back_to_typer_when_its_internals_move(monkeypatch):
    class Moved:
        def __init__(self, **kwargs):
            raise TypeError("unexpected keyword argument 'parameter_info'")

    import typer._coercion

    monkeypatch.setattr(typer._coercion, "RuntimeParam", Moved)

    class Param:
        _runtime_param = None
        type_descriptor = type("D", (), {"annotation": str, "parameter_info": None})()

    p = Param()
    cli_params._lighten([p])  # must not raise
    assert p._runtime_param is None
    assert not cli_params.lightened(p)


def test_plain_converters_give_typer_messages():
    to_int = cli_params._plain_converter(int)
    assert to_int(" 7 ") == 7
    try:
        to_int("x")
    except typer.BadParameter as exc:
        assert str(exc) == "'x' is not a valid integer."
    else:
        raise AssertionError("no error for 'x'")


def _described(cmd):
    """What a user can see of a command: its name, help and every parameter's declaration."""
    return (
        cmd.name,
        cmd.help,
        [(p.name, tuple(p.opts), p.required, p.default, p.envvar) for p in cmd.params],
    )


def test_the_lazy_group_converts_only_the_command_it_is_asked_for():
    group = cli_params.lazy_group(app)
    ctx = group.make_context("sse-channels", ["dial", "x"], resilient_parsing=True)
    eager = typer.main.get_command(app)
    assert group.commands == {}
    assert group.list_commands(ctx) == eager.list_commands(ctx)  # help lists all, in order
    dial = group.get_command(ctx, "dial")
    assert list(group.commands) == ["dial"]
    assert _described(dial) == _described(eager.get_command(ctx, "dial"))
    assert "--install-completion" not in {o for p in dial.params for o in p.opts}


def test_every_lazily_converted_command_is_the_eager_one():
    group = cli_params.lazy_group(app)
    eager = typer.main.get_command(app)
    ctx = group.make_context("sse-channels", ["list"], resilient_parsing=True)
    names = group.list_commands(ctx)
    assert len(names) == 12
    for name in names:
        assert _described(group.get_command(ctx, name)) == _described(
            eager.get_command(ctx, name)
        ), name


def test_a_mistyped_command_is_still_suggested_by_the_lazy_group(capsys):
    import pytest

    group = cli_params.lazy_group(app)
    with pytest.raises(SystemExit) as exited:
        group.main(["serach", "债券"], prog_name="sse-channels")
    assert exited.value.code == 2
    assert "Error: No such command 'serach'. Did you mean 'search'?" in capsys.readouterr().err
