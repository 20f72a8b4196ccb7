"""Pipes, closed and full streams, Ctrl-C, locales and odd argument encodings: the exit code
says what happened and no traceback reaches anyone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sse_channels import store
from sse_channels.cli import entry
from sse_channels.cli import group as cli_params

from .conftest import DATA
from .support import EXE, TAB, child_env

# --------------------------------------------------------------------------- processes


def _run_shell(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = child_env(**env)
    # Python's default, buffered stdout: the listing leaves in one write, before `head` quits.
    # With PYTHONUNBUFFERED=1 each line is a write and the later ones race `head` to a closed
    # pipe; test_broken_pipe_is_quiet_and_successful covers that case deterministically.
    full.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        ["bash", "-c", script], env=full, capture_output=True, text=True, timeout=60
    )


def test_pipe_into_head():
    proc = _run_shell(f'set -o pipefail; "{EXE}" list | head -1; echo "status=${{PIPESTATUS[*]}}"')
    assert proc.stderr == ""
    first, status = proc.stdout.splitlines()
    assert first == TAB.join(["ipo-review.rules", "股票发行上市审核", "发行上市审核规则查询"])
    assert status == "status=0 0"


@pytest.mark.parametrize(
    "args",
    [["list"], ["export", "-f", "json"], ["search", "债券"]],
    ids=["list", "export", "search"],
)
def test_broken_pipe_is_quiet_and_successful(args):
    """The reader is gone before the tool writes (what `| head -1` does to a long output)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [EXE, *args], stdout=write_end, stderr=subprocess.PIPE, env=child_env(), timeout=60
        )
    finally:
        os.close(write_end)
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


@pytest.mark.parametrize("args", ["list", "search 债券", "--help", "dial --help"])
def test_a_closed_stdout_is_reported_not_ignored(args):
    proc = _run_shell(f'"{EXE}" {args} >&-; echo "status=$?" >&2')
    assert proc.stderr.splitlines() == ["error: cannot write output: stdout is closed", "status=1"]


def test_a_closed_stdout_does_not_matter_when_nothing_goes_to_it(tmp_path):
    target = tmp_path / "out.csv"
    proc = _run_shell(f'"{EXE}" export -f csv -o "{target}" >&-; echo "status=$?" >&2')
    assert proc.stderr.splitlines() == [f"wrote {target} (csv, utf-8-sig)", "status=0"]


_SIGINT_SCRIPT = """
import signal, sys, time
from sse_channels import store
from sse_channels.cli import entry

# As a terminal would have it, even when the test run itself ignores SIGINT (nohup, `&`).
signal.signal(signal.SIGINT, signal.default_int_handler)

def slow(*args, **kwargs):
    sys.stderr.write("ready\\n")
    sys.stderr.flush()
    time.sleep(30)

store.searcher = slow
sys.argv = ["sse-channels", "search", "债券"]
entry.main()
"""


def test_ctrl_c_mid_run_is_quiet():
    proc = subprocess.Popen(
        [sys.executable, "-c", _SIGINT_SCRIPT],
        env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    assert proc.stderr.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert proc.returncode == 1
    assert out == ""


def test_main_turns_keyboard_interrupt_into_exit_1(monkeypatch, capsys):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_params.Group, "main", lambda self, *a, **k: interrupted(**k))
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 1  # exit codes stay 0, 1 and 2
    captured = capsys.readouterr()
    assert captured.err == "interrupted\n"
    assert "Traceback" not in captured.out + captured.err


_IMPORT_INTERRUPTED = """
import sys

class Interrupt:  # Ctrl-C arriving while the command line is still being imported
    def find_spec(self, name, path=None, target=None):
        if name == "sse_channels.cli.app":
            raise KeyboardInterrupt

sys.meta_path.insert(0, Interrupt())
from sse_channels.cli.entry import main
main()
"""


def test_ctrl_c_while_importing_is_quiet():
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT_INTERRUPTED],
        env=child_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "interrupted\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "债券", "--json"],
        ["export", "-f", "csv"],
        ["show", "integrity"],
        ["--help"],
        ["search", "--help"],
    ],
)
def test_a_full_disk_on_stdout_is_an_error_not_a_traceback(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [EXE, *args],
            env=child_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    assert proc.stderr == "error: cannot write output: No space left on device\n"


def test_main_turns_broken_pipe_into_exit_0(monkeypatch, capsys):
    def broken(**kwargs):
        raise BrokenPipeError

    monkeypatch.setattr(cli_params.Group, "main", lambda self, *a, **k: broken(**k))
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 0
    assert capsys.readouterr().err == ""


def test_main_leaves_what_it_loaded_to_reference_counting_at_exit(monkeypatch):
    import gc

    def answered(**kwargs):
        store.load(None)  # what a command loads, alive until the process ends

    monkeypatch.setattr(cli_params.Group, "main", lambda self, *a, **k: answered(**k))
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exc:
            entry.main()
        assert exc.value.code == 0
        assert gc.get_freeze_count() > 0  # Python's shutdown collections will not walk it
    finally:
        gc.unfreeze()


def test_an_ascii_terminal_gets_escapes_not_a_traceback():
    proc = subprocess.run(
        [EXE, "--lang", "zh", "search", "债券", "-n", "1"],
        capture_output=True,
        text=True,
        env=child_env(PYTHONIOENCODING="ascii"),
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("bond-review.phone\t\\u503a\\u5238")


def test_utf8_arguments_under_the_c_locale_are_read_as_utf8():
    proc = subprocess.run(
        [EXE, "list", "--area", "债券审核监管"],
        capture_output=True,
        env=child_env(LANG="C", LC_ALL="C", PYTHONUTF8="0", PYTHONIOENCODING="utf-8"),
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.decode().splitlines()[0].startswith("bond-review.rules\t")


def test_the_console_script_answers_with_stderr_closed():
    """Python starts with sys.stderr = None when fd 2 is closed; the answer is still 0."""
    proc = subprocess.run(
        [EXE, "search", "债券"], env=child_env(), stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2), text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stdout.startswith("bond-review.phone\t")


def test_a_data_file_whose_name_is_not_utf8_is_read(tmp_path):
    """Its name reaches Python as lone surrogates; the cache key keeps them as the bytes."""
    folder = os.fsencode(tmp_path)
    name = folder + b"/channels-\xff.yaml"
    with open(name, "wb") as f:
        f.write(Path(DATA).read_bytes())
    proc = subprocess.run(
        [EXE.encode(), b"--data", name, b"search", "债券".encode(), b"--json"],
        env=child_env(SSE_CHANNELS_CACHE_DIR=str(tmp_path / "cache")), capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["id"] == "bond-review.phone"
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == ["user"]
