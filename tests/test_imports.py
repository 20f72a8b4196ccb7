"""What each command imports once the cache is warm: nothing heavy where nothing is drawn.

Speed itself is measured by benchmarks/startup.py, never asserted here; this checks the
mechanism the figures depend on.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = (
    "pydantic", "rich", "yaml", "pypinyin", "rapidfuzz", "holidays", "chinese_calendar",
    "segno", "icalendar", "dateparser", "sse_channels.handoff.qr", "sse_channels.formats.ics",
    "sse_channels.formats.vcard",
)  # fmt: skip
# The validator: the packaged directory ships compiled, so no command that reads it validates.
HEAVY += (
    "sse_channels.directory.rules",
    "sse_channels.directory.parse",
    "sse_channels.directory.topics_file",
)
# Loaded by check-links and diff only.
HEAVY += (
    "httpx",
    "sse_channels.directory.linkcheck",
    "sse_channels.directory.diff",
    "sse_channels.output.terminal_diff",
)
# Beijing time after 1991 is a constant (schedule.BeijingTime): no zone data is read for it.
HEAVY += ("zoneinfo", "sysconfig")
# JSON is written by msgspec's encoder (loaded with the records), not the standard library's.
HEAVY += ("json",)
# The compiled directory is read by the C unpickler alone, not through pickle.py.
HEAVY += ("pickle",)
# The QR code, the clipboard and calendar files: only for --qr, --qr-out, --copy and --ics.
HEAVY += ("sse_channels.handoff",)
# The safe file reader and writer: for a user's own files and for exports only.
HEAVY += ("sse_channels.files",)

PROBE = """
import atexit, sys
heavy = {heavy!r}
atexit.register(lambda: sys.stderr.write(
    "loaded:" + ",".join(m for m in heavy if m in sys.modules) + "\\n"))
sys.argv = ["sse-channels", *{args!r}]
from sse_channels.cli.entry import main
main()
"""


def loaded(args: list[str], env: dict[str, str]) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY, args=args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:")
    return [m for m in last.removeprefix("loaded:").split(",") if m]


@pytest.fixture(scope="module")
def warm_env(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSE_CHANNELS_")}
    env["SSE_CHANNELS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    env.pop("NO_COLOR", None)
    for args in (["search", "债券"], ["hours", "--at", "2026-11-26T10:00"]):
        loaded(args, env)  # fills the cache
    return env


@pytest.mark.parametrize(
    "args",
    [
        ["search", "债券", "--json"],
        ["search", "债卷", "--json"],  # misspelt: the characters' readings are read too
        ["search", "债券"],
        ["dial", "廉政监督", "--at", "2026-11-26T10:00"],
        ["hours", "--at", "2026-11-26T10:00", "--json"],
        ["due", "申报前", "--from", "2026-09-28"],
        ["list"],
        ["show", "廉政监督", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_piped_and_json_commands_import_nothing_heavy(warm_env, args):
    assert loaded(args, warm_env) == []


def test_shell_completion_imports_nothing_heavy(warm_env):
    env = dict(warm_env, _SSE_CHANNELS_COMPLETE="complete_bash")
    env.update(COMP_WORDS="sse-channels search 债", COMP_CWORD="2")
    assert loaded([], env) == []


def test_a_drawn_table_imports_rich_and_nothing_else(warm_env):
    probe = "import sys, rich.console, rich.table; print(*[m for m in {!r} if m in sys.modules])"
    probe = probe.format(HEAVY)
    with_rich = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()  # what Rich brings itself (pickle, today)
    assert "rich" in with_rich
    assert loaded(["--color", "always", "search", "债券"], warm_env) == with_rich


CATALOG_PROBE = """
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and str(args[0]).endswith(".mo")
                 and opened.append(str(args[0])))
heavy = {heavy!r}
import atexit
atexit.register(lambda: sys.stderr.write("mo:" + ",".join(opened) + "\\nloaded:"
    + ",".join(m for m in heavy if m in sys.modules) + "\\n"))
sys.argv = ["sse-channels", *{args!r}]
from sse_channels.cli.entry import main
main()
"""


@pytest.mark.parametrize(("lang", "mo"), [("en", []), ("zh", ["sse_channels.mo"])])
def test_english_never_reads_the_catalog_and_chinese_reads_only_it(warm_env, lang, mo):
    env = dict(warm_env, SSE_CHANNELS_LANG=lang)
    proc = subprocess.run(
        [sys.executable, "-c", CATALOG_PROBE.format(heavy=HEAVY, args=["dial", "廉政监督"])],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    *_, mo_line, loaded_line = proc.stderr.strip().splitlines()
    opened = [p for p in mo_line.removeprefix("mo:").split(",") if p]
    assert [os.path.basename(p) for p in opened] == mo
    assert loaded_line == "loaded:"  # the catalog brings no heavy import with it


def test_check_links_help_loads_no_http_client(warm_env):
    assert loaded(["check-links", "--help"], warm_env) == []


def test_diff_loads_the_validator_and_the_diff_only(warm_env):
    data = os.path.join(os.path.dirname(__file__), "..", "data", "channels.yaml")
    assert loaded(["diff", data, data, "--json"], warm_env) == [
        "yaml",
        "sse_channels.directory.rules",
        "sse_channels.directory.parse",
        "sse_channels.directory.diff",
        "sse_channels.files",  # it reads two files
    ]
