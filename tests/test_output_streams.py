"""Every stream path of the real console script: help, Rich's drawn tables, a closed stderr.

Run as subprocesses, because what is checked is what the process does with its file
descriptors (a size limit on stdout, stderr closed by the shell).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("sse-channels"))
PRLIMIT = shutil.which("prlimit")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERM", "NO_COLOR")}
    env["SSE_CHANNELS_NO_CACHE"] = "1"
    env.update(extra)
    return env


def _limited(args: list[str], out: Path, limit: int, **env: str) -> subprocess.CompletedProcess:
    assert PRLIMIT is not None
    with out.open("wb") as f:
        return subprocess.run(
            [PRLIMIT, f"--fsize={limit}:{limit}", EXE, *args],
            stdout=f,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(**env),
            timeout=120,
        )


@pytest.mark.skipif(PRLIMIT is None, reason="prlimit (util-linux) is not installed")
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (["--help"], 1024),
        (["dial", "--help"], 512),
        (["--color", "always", "search", "债券"], 2048),
        (["--color", "always"], 2048),
        (["--color", "always", "show", "债券"], 1024),
    ],
    ids=["help", "command-help", "drawn-search", "drawn-overview", "drawn-show"],
)
def test_help_and_drawn_output_cut_by_a_size_limit_fail(
    tmp_path: Path, args: list[str], limit: int, unbuffered: str
) -> None:
    whole = _limited(args, tmp_path / "whole", 10_000_000)
    assert whole.returncode == 0, whole.stderr
    assert (tmp_path / "whole").stat().st_size > limit
    done = _limited(args, tmp_path / "cut", limit, PYTHONUNBUFFERED=unbuffered)
    assert done.returncode == 1
    assert done.stderr == "error: cannot write output: File too large\n"


def test_drawn_output_on_a_non_blocking_pipe_arrives_whole() -> None:
    """Rich writes a wide table in one piece; a pipe holds 64 KiB and the reader is late."""
    args = [EXE, "--color", "always", "show", "债券审核监管"]
    env = _env(COLUMNS="1000")
    expected = subprocess.run(args, capture_output=True, env=env, check=True).stdout
    assert len(expected) > 65536
    r, w = os.pipe()
    os.set_blocking(w, False)
    proc = subprocess.Popen(args, stdout=w, stderr=subprocess.PIPE, env=env)
    os.close(w)
    got = bytearray()
    time.sleep(0.5)  # the pipe fills while nobody reads

    def read() -> None:
        with os.fdopen(r, "rb") as reader:
            while chunk := reader.read(65536):
                got.extend(chunk)

    t = threading.Thread(target=read)
    t.start()
    _, err = proc.communicate(timeout=120)
    t.join()
    assert proc.returncode == 0, err
    assert _no_link_ids(bytes(got)) == _no_link_ids(expected)


def _no_link_ids(drawn: bytes) -> bytes:
    """Rich numbers each OSC 8 link at random; the rest is the same from run to run."""
    return re.sub(rb"\x1b\]8;id=\d+;", b"\x1b]8;;", drawn)


def _shell(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=_env(), timeout=120
    )


@pytest.mark.parametrize(
    "args",
    [
        "export -f json -o {dir}/z.json",
        "due 申报前 --from 2026-11-26 --ics {dir}/d.ics",
        "dial 债券 --qr-out {dir}/q.svg",
        "search 债券",
        "list",
    ],
    ids=["export", "due-ics", "dial-qr-out", "search", "list"],
)
def test_a_closed_stderr_does_not_turn_success_into_failure(tmp_path: Path, args: str) -> None:
    done = _shell(f'"{EXE}" {args.format(dir=tmp_path)} 2>&-; echo "status=$?" >&2')
    assert done.stderr == "status=0\n"


def test_a_closed_stderr_keeps_the_exit_code_of_a_failure(tmp_path: Path) -> None:
    done = _shell(f'"{EXE}" search zzzzqqqq 2>&-; echo "status=$?" >&2')
    assert done.stderr == "status=1\n"
    done = _shell(f'"{EXE}" export -f nope 2>&-; echo "status=$?" >&2')
    assert done.stderr == "status=2\n"


def test_a_full_stderr_does_not_turn_success_into_failure(tmp_path: Path) -> None:
    target = tmp_path / "z.json"
    done = _shell(f'"{EXE}" export -f json -o "{target}" 2>/dev/full; echo "status=$?" >&2')
    assert done.stderr == "status=0\n"
    assert target.read_bytes().startswith(b'{\n  "title_zh": ')
