"""Shared fixtures: every test runs with its own cache directory, never the user's."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from sse_channels import store
from sse_channels.cli.app import app

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "channels.yaml"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    for var in ("SSE_CHANNELS_DATA", "SSE_CHANNELS_HOLIDAYS", "NO_COLOR", "SSE_CHANNELS_NO_CACHE"):
        monkeypatch.delenv(var, raising=False)
    yield
    store.load.cache_clear()
    store.searcher.cache_clear()


@pytest.fixture
def run() -> Runner:
    return Runner()


class Runner:
    """Drive the real app; returns (exit code, stdout, stderr)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        result = self.runner.invoke(app, list(args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _interface_language_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test speaks English unless it asks otherwise, whatever the machine's locale, and
    leaves no choice behind: `--lang zh` in one test must not speak Chinese in the next."""
    from sse_channels.cli import click_text as i18n

    monkeypatch.setenv(i18n.ENV_LANG, "en")
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def search_quality() -> ModuleType:
    """benchmarks/search_quality.py as a module: the suite asserts the hit rates it reports."""
    path = REPO / "benchmarks" / "search_quality.py"
    spec = importlib.util.spec_from_file_location("search_quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
