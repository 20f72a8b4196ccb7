"""Shared fixtures: every test runs with its own cache directory, never the user's."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from sse_channels import store
from sse_channels.cli.app import app
from sse_channels.store import cache

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


# The packaged directory ships compiled (prebuilt.py) and never touches the cache: a user's
# --data file (a copy of the packaged one) is what the directory slot of the cache holds.
USER_DATA = str(Path(__file__).resolve().parent.parent / "data" / "channels.yaml")
USER_SLOT = "user-" + cache.key_for(os.path.abspath(USER_DATA))[:8]
REFERENCE = {
    "search": ["--data", USER_DATA, "search", "廉政", "邮箱"],
    "show": ["--data", USER_DATA, "show", "tech.qq", "--json"],
    "hours": ["--data", USER_DATA, "hours", "--at", "2026-11-26T10:00", "--json"],
    "due": ["--data", USER_DATA, "due", "--from", "2026-09-30", "申报前"],
    "pinyin-typo": ["--data", USER_DATA, "search", "债卷"],
}
USER_TOPICS = str(Path(USER_DATA).with_name("topics.yaml"))
TOPICS_SLOT = "topics-" + cache.key_for(os.path.abspath(USER_TOPICS))[:8]
CACHE_FILES = (USER_SLOT, "calendar", TOPICS_SLOT)  # character readings ship (readings.py)

_REFERENCE_SCRIPT = """
import json, sys
from typer.testing import CliRunner
from sse_channels.cli.app import app
runner = CliRunner()
out = {}
for key, args in json.loads(sys.argv[1]).items():
    res = runner.invoke(app, args)
    out[key] = [res.exit_code, res.stdout]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, dict[str, list]]:
    """A cache directory built by a first run, and the answers that run gave."""
    folder = tmp_path_factory.mktemp("pristine") / "cache"
    env = {**os.environ, "SSE_CHANNELS_CACHE_DIR": str(folder)}
    proc = subprocess.run(
        [sys.executable, "-c", _REFERENCE_SCRIPT, json.dumps(REFERENCE)],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    answers = json.loads(proc.stdout)
    assert all(code == 0 for code, _ in answers.values()), answers
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)
    return folder, answers
