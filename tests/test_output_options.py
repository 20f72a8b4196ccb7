"""The options that name an output file (-o, --ics, --qr-out): `-` is stdout everywhere,
messages name the option used, and a file that may not be written is refused before the
answer is printed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import DATA

EXE = str(Path(sys.executable).with_name("sse-channels"))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ----------------------------------------------------------------------------- - is stdout


def test_export_to_dash_writes_stdout_not_a_file_named_dash(run, here):
    code, out, err = run("export", "-f", "json", "-o", "-")
    assert (code, err) == (0, "")
    assert out.startswith('{\n  "title_zh": ')
    assert list(here.iterdir()) == []
    assert run("export", "-f", "json")[1] == out


def test_qr_out_dash_writes_the_svg_to_stdout(run, here):
    code, out, err = run("dial", "债券热线", "--qr-out", "-")
    assert (code, err) == (0, "")
    assert out.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    assert out.rstrip().endswith("</svg>")
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("other", ["--json", "--qr"])
def test_qr_out_dash_refuses_a_second_thing_on_stdout(run, here, other):
    code, out, err = run("dial", "债券热线", "--qr-out", "-", other)
    assert (code, out) == (2, "")
    assert (
        err == "error: --qr-out - writes the image to stdout; it does not go with --json or --qr\n"
    )


# ----------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("args", "example"),
    [
        (["due", "申报前", "--from", "2026-11-26", "--ics"], "--ics d/sse.ics"),
        (["dial", "债券热线", "--qr-out"], "--qr-out d/sse.png"),
        (["export", "-f", "csv", "-o"], "-o d/sse.csv"),
    ],
    ids=["ics", "qr-out", "export"],
)
def test_a_folder_given_as_the_file_is_refused_naming_the_option(run, here, args, example):
    (here / "d").mkdir()
    code, out, err = run(*args, "d")
    assert (code, out) == (2, "")
    assert err == f"error: d is a directory; give a file name, e.g. {example}\n"


@pytest.mark.parametrize(
    ("args", "example"),
    [
        (["due", "申报前", "--from", "2026-11-26", "--ics"], "--ics sse.ics"),
        (["dial", "债券热线", "--qr-out"], "--qr-out sse.png"),
    ],
    ids=["ics", "qr-out"],
)
def test_an_empty_file_name_is_refused_naming_the_option(run, here, args, example):
    code, out, err = run(*args, "")
    assert (code, out) == (2, "")
    assert err == f"error: the output file name is empty; give one, e.g. {example}\n"


def test_an_existing_qr_image_is_refused_before_the_answer_is_printed(run, here):
    (here / "exist.png").write_bytes(b"mine")
    code, out, err = run("dial", "债券热线", "--qr-out", "exist.png")
    assert (code, out) == (2, "")
    assert err == "error: exist.png exists; use --force to replace it\n"
    assert (here / "exist.png").read_bytes() == b"mine"


def test_a_device_as_the_qr_image_is_named_as_such(run, here):
    code, out, err = run("dial", "债券热线", "--qr-out", "/dev/null")
    assert (code, out) == (2, "")
    assert (
        err == "error: /dev/null is not a regular file; to write to it, use stdout: > /dev/null\n"
    )


# ----------------------------------------------------------------------------- bounds


def test_a_deadline_past_the_last_year_is_refused(run):
    code, out, err = run("due", "申报前", "--from", "2199/12/30")
    assert (code, out) == (2, "")
    assert err == (
        "error: the answer would fall on 2200-01-13, outside the years 1990-2199 this tool "
        "answers for; give an earlier --from\n"
    )


def test_a_huge_integer_in_a_data_file_is_not_echoed_whole(run, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(DATA.read_text("utf-8").replace("schema: 1\n", f"schema: {'9' * 5000}\n", 1))
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert out == f"{path}:12: schema: too long for a number (5000 characters)\n"


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=16k", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_export_to_a_read_only_file_system_is_an_output_failure_not_a_usage_error(read_only):
    target = read_only / "x.json"
    done = subprocess.run(
        [EXE, "export", "-f", "json", "-o", str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"error: cannot write output to {target}: Read-only file system\n"


def test_dev_stdout_as_the_file_is_refused_with_the_way_to_write_it(here):
    """/dev/stdout links to the pipe here: no temporary file is made beside the pipe."""
    done = subprocess.run(
        [EXE, "export", "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: /dev/stdout is not a regular file; to write to it, use stdout: > /dev/stdout\n"
    )
