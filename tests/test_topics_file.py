"""The topics.yaml found next to a --data file: never waited on, never taken from a stranger."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA
from .test_output import _other_uid, reachable_tmp  # noqa: F401  # the fixture, by name

EXE = str(Path(sys.executable).with_name("sse-channels"))
COMMANDS = [["list"], ["search", "内幕交易"], ["validate"]]


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, "--data", str(data), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=30,  # the old reader waited for a writer forever
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_fifo_named_topics_yaml_is_refused_not_waited_on(tmp_path: Path, args: list[str]):
    data = tmp_path / "mydir.yaml"
    data.write_bytes(DATA.read_bytes())
    os.mkfifo(tmp_path / "topics.yaml")
    done = _run(data, *args)
    assert done.returncode == 1
    message = f"{tmp_path / 'topics.yaml'}: not a regular file (a FIFO, device or socket); not read"
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_topics_yaml_another_user_put_in_a_shared_folder_is_refused(
    reachable_tmp: Path,  # noqa: F811
    args: list[str],
):
    uid = _other_uid()
    shared = reachable_tmp / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    data = shared / "mydir.yaml"
    data.write_bytes(DATA.read_bytes())
    planted = shared / "topics.yaml"
    subprocess.run(
        ["sh", "-c", f"printf 'schema: 1\\n' > '{planted}'"],
        preexec_fn=lambda: os.setuid(uid),
        check=True,
    )
    done = _run(data, *args)
    assert done.returncode == 1
    assert (
        f"{planted}: owned by another user in a shared folder; not read "
        "(keep your files in a folder of your own)"
    ) in done.stdout + done.stderr


def test_the_users_own_topics_yaml_in_a_shared_folder_is_read(tmp_path: Path):
    shared = tmp_path / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    data = shared / "mydir.yaml"
    data.write_bytes(DATA.read_bytes())
    (shared / "topics.yaml").write_bytes((DATA.parent / "topics.yaml").read_bytes())
    done = _run(data, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[1].startswith(f"{shared / 'topics.yaml'}: valid (")
