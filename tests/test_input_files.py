"""Files the user names for reading: a FIFO nobody writes to is not waited on at open, and a
number is read only in its plain decimal form."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

EXE = str(Path(sys.executable).with_name("sse-channels"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "{fifo}", "list"], "error: {fifo}: the file is empty\n"),
        (
            ["hours", "--holidays", "{fifo}"],
            "error: {fifo}: expected a mapping of source, years, closed, makeup_workdays\n",
        ),
    ],
    ids=["data", "holidays"],
)
def test_a_fifo_without_a_writer_is_read_as_empty_not_waited_on(tmp_path, args, message):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [EXE, *(a.format(fifo=fifo) for a in args)],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=30,  # the old reader of --holidays waited for a writer for ever
    )
    assert done.returncode == 1
    assert done.stderr == message.format(fifo=fifo)


@pytest.mark.parametrize("value", ["0x1", "0b1", "1_0", "01", "1:00"])
def test_a_number_in_another_base_is_refused(run, tmp_path, value):
    path = tmp_path / "c.yaml"
    path.write_text(DATA.read_text("utf-8").replace("schema: 1\n", f"schema: {value}\n", 1))
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert out == f"{path}:12: schema: expected a plain decimal integer, got '{value}'\n"
