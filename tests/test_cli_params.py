"""The Typer hook of cli_params.py: it must apply to every parameter it can take, on the Typer
that pyproject.toml allows, or start-up silently pays for pydantic again."""

from __future__ import annotations

import typer

from sse_channels import cli_params
from sse_channels.cli import app


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
