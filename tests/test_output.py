"""Output that arrives whole or not at all: short writes, full disks, planted links, leftovers."""

from __future__ import annotations

import errno
import fcntl
import os
import pwd
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sse_channels import files, streams
from sse_channels.errors import NotFoundError, OutputError, UsageError

EXE = str(Path(sys.executable).with_name("sse-channels"))
OTHER_USER = "sse-channels-other"


def _limit_file_size(limit: int) -> None:
    """In the child: files may grow to `limit` bytes; beyond, write() fails instead of SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


# ----------------------------------------------------------------------------- streams.write_all


def test_write_all_fills_a_non_blocking_pipe_beyond_its_buffer() -> None:
    """A pipe holds 64 KiB; a non-blocking writer gets EAGAIN there and must wait, not stop."""
    payload = bytes(range(256)) * 1024 * 3  # 768 KiB
    r, w = os.pipe()
    os.set_blocking(w, False)
    got = bytearray()

    def reader() -> None:
        time.sleep(0.2)  # let the writer hit the full buffer first
        while chunk := os.read(r, 65536):
            got.extend(chunk)

    t = threading.Thread(target=reader)
    t.start()
    streams.write_all(w, payload)
    os.close(w)
    t.join()
    os.close(r)
    assert len(got) == len(payload)
    assert bytes(got) == payload


def test_write_all_gives_up_on_a_pipe_nobody_reads() -> None:
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        with pytest.raises(OSError) as info:
            streams.write_all(w, b"x" * 200_000, wait_seconds=0.3)
        assert info.value.errno == errno.ETIMEDOUT
    finally:
        os.close(r)
        os.close(w)


def test_write_all_flushes_a_binary_stream_first(tmp_path: Path) -> None:
    out = tmp_path / "o"
    with out.open("wb") as f:
        f.write(b"head,")
        streams.write_all(f, b"tail")
    assert out.read_bytes() == b"head,tail"


def test_write_all_raises_at_the_file_size_limit(tmp_path: Path) -> None:
    """Under `ulimit -f`, os.write returns a short count (4096) and then EFBIG: not silent."""
    out = tmp_path / "o"
    code = (
        "import os, sys\n"
        "from sse_channels.streams import write_all\n"
        f"fd = os.open({str(out)!r}, os.O_WRONLY | os.O_CREAT)\n"
        "print(os.write(fd, b'x' * 10000))\n"  # what a careless writer sees: a short count
        "os.lseek(fd, 0, 0)\n"
        "try:\n"
        "    write_all(fd, b'y' * 10000)\n"
        "except OSError as e:\n"
        "    print('raised', e.errno)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(4096),
        check=True,
    )
    assert done.stdout.split("\n") == ["4096", f"raised {errno.EFBIG}", ""]


# ----------------------------------------------------------------------------- export -o


def _export(out: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SSE_CHANNELS_NO_CACHE": "1"}
    return subprocess.run(
        [EXE, "export", "-f", "json", "-o", str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=None if limit is None else (lambda: _limit_file_size(limit)),
    )


def test_export_under_ulimit_f_fails_and_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    out.write_text("old\n")
    done = _export(out, "--force", limit=8192)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"error: cannot write output to {out}: "), done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["o.json"]  # no temporary file left


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_export_to_a_full_file_system_fails(small_tmpfs: Path) -> None:
    out = small_tmpfs / "o.json"
    done = _export(out)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"error: cannot write output to {out}: No space left on device\n"
    assert list(small_tmpfs.iterdir()) == []


def test_write_atomic_names_empty_and_folder_targets(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        files.write_atomic("", b"x", force=False)
    assert str(info.value) == "the output file name is empty; give one, e.g. -o sse.csv"
    target = f"{tmp_path}/newdir/"
    with pytest.raises(UsageError) as info:
        files.write_atomic(target, b"x", force=False)
    assert str(info.value) == (
        f"{target} names a folder (it ends with /); give a file name, e.g. -o {target}sse.csv"
    )
    assert list(tmp_path.iterdir()) == []  # no file named newdir


def test_write_atomic_raises_output_error_not_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "o"
    out.write_bytes(b"old")
    big = b"z" * 100_000
    code = (
        "from sse_channels import files\n"
        "from sse_channels.errors import OutputError\n"
        "try:\n"
        f"    files.write_atomic({str(out)!r}, {big!r}, force=True)\n"
        "except OutputError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(50_000),
        check=True,
    )
    assert done.stdout == f"cannot write output to {out}: File too large\n"
    assert out.read_bytes() == b"old"
    assert issubclass(OutputError, Exception) and not issubclass(OutputError, UsageError)


# ----------------------------------------------------------------------------- planted symlinks


def test_a_dangling_symlink_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "home" / ".bash_login"
    victim.parent.mkdir()
    link = tmp_path / "sse.vcf"
    link.symlink_to(victim)
    with pytest.raises(UsageError) as info:
        files.write_atomic(str(link), b"BEGIN:VCARD\n", force=False)
    assert str(info.value) == f"{link} is a symlink to a file that does not exist; not following it"
    assert not victim.exists()


def test_own_symlink_is_followed(tmp_path: Path) -> None:
    shared = tmp_path / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = shared / "sse.csv"
    link.symlink_to(real)
    files.write_atomic(str(link), b"new", force=True)
    assert real.read_text() == "new"
    assert link.is_symlink()


def _other_uid() -> int:
    """A second user to plant links; skips (saying why) where one cannot be made."""
    if os.geteuid() != 0:
        pytest.skip("needs root to create and act as a second user (useradd)")
    try:
        return pwd.getpwnam(OTHER_USER).pw_uid
    except KeyError:
        pass
    useradd = shutil.which("useradd")
    if useradd is None:
        pytest.skip("useradd is not installed")
    done = subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER_USER],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"useradd refused: {done.stderr.strip()}")
    return pwd.getpwnam(OTHER_USER).pw_uid


@pytest.fixture
def reachable_tmp() -> Iterator[Path]:
    """A folder the other user can reach (pytest's own tmp_path is private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sse-channels-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_a_link_planted_by_another_user_in_a_sticky_folder_is_refused(reachable_tmp: Path) -> None:
    uid = _other_uid()
    tmp_path = reachable_tmp
    shared = tmp_path / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / ".bashrc"
    victim.write_text("alias ls='ls --color'\n")
    link = shared / "sse.csv"
    subprocess.run(
        ["ln", "-s", str(victim), str(link)],  # as the other user (who cannot run our venv)
        preexec_fn=lambda: os.setuid(uid),
        check=True,
    )
    assert link.lstat().st_uid == uid
    with pytest.raises(UsageError) as info:
        files.write_atomic(str(link), b"name,phone\n", force=True)
    assert str(info.value) == (
        f"{link} is a symlink owned by another user in a shared folder; not following it"
    )
    assert victim.read_text() == "alias ls='ls --color'\n"
    done = _export(link, "--force")
    assert done.returncode == 2
    assert "owned by another user" in done.stderr


# ----------------------------------------------------------------------------- leftovers


def test_a_killed_export_leaves_a_temp_file_the_next_export_removes(tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    # An export killed mid-write: it made and locked its temporary file, then SIGKILL.
    code = (
        "import fcntl, os, tempfile\n"
        f"fd, tmp = tempfile.mkstemp(prefix='.o.json.', suffix='.tmp', dir={str(tmp_path)!r})\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "os.write(fd, b'{\"half\": ')\n"
        "os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code])
    assert killed.returncode == -signal.SIGKILL
    (left,) = tmp_path.iterdir()
    old = time.time() - 60
    os.utime(left, (old, old))
    # Files that are not ours to remove: another name, a link, a running export's locked file.
    other = tmp_path / ".other.json.abcdefgh.tmp"
    other.write_text("keep")
    os.utime(other, (old, old))
    linked = tmp_path / ".o.json.linklink.tmp"
    linked.symlink_to(other)
    running = tmp_path / ".o.json.running1.tmp"
    running.write_text("busy")
    os.utime(running, (old, old))
    fd = os.open(running, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        files.write_atomic(str(out), b"{}\n", force=False)
    finally:
        os.close(fd)
    assert not left.exists()
    assert out.read_bytes() == b"{}\n"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        ".o.json.linklink.tmp",
        ".o.json.running1.tmp",
        ".other.json.abcdefgh.tmp",
        "o.json",
    ]


def test_a_fresh_temp_file_is_not_removed(tmp_path: Path) -> None:
    """One just created may belong to an export that has not locked it yet."""
    fresh = tmp_path / ".o.json.abcdefgh.tmp"
    fresh.write_text("x")
    assert files.clean_stale_temps(tmp_path, "o.json") == []
    old = time.time() - 60
    os.utime(fresh, (old, old))
    assert files.clean_stale_temps(tmp_path, "o.json") == [".o.json.abcdefgh.tmp"]
    assert stat.S_ISDIR(tmp_path.stat().st_mode)


# ----------------------------------------------------------------------------- stdout


def _to_stdout_file(
    args: list[str], target: Path, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    with target.open("wb") as f:
        return subprocess.run(
            [EXE, *args],
            stdout=f,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=(lambda: _limit_file_size(limit)) if limit else None,
            timeout=120,
        )


@pytest.mark.parametrize(
    "args", [["list", "--json"], ["export", "-f", "json"], ["search", "债券", "-n", "30"]]
)
def test_stdout_cut_short_by_ulimit_f_is_an_error(tmp_path: Path, args: list[str]) -> None:
    whole = _to_stdout_file(args, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    size = (tmp_path / "whole").stat().st_size
    limit = 4096 if size > 4096 else size // 2
    done = _to_stdout_file(args, tmp_path / "cut", limit=limit)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: cannot write output: "), done.stderr
    assert "Traceback" not in done.stderr


def test_stdout_to_a_full_file_system_is_an_error(small_tmpfs: Path) -> None:
    done = _to_stdout_file(["export", "-f", "json"], small_tmpfs / "o.json")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: cannot write output: "), done.stderr


def test_stdout_on_a_non_blocking_pipe_arrives_whole() -> None:
    """A reader slower than the writer: the 64 KiB pipe fills, and the rest must still come."""
    r, w = os.pipe()
    os.set_blocking(w, False)
    proc = subprocess.Popen([EXE, "export", "-f", "json"], stdout=w, stderr=subprocess.PIPE)
    os.close(w)
    got = bytearray()
    time.sleep(0.5)  # let the pipe fill while nobody reads
    with os.fdopen(r, "rb") as reader:
        while chunk := reader.read(65536):
            got += chunk
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    expected = subprocess.run([EXE, "export", "-f", "json"], capture_output=True, check=True).stdout
    assert bytes(got) == expected
    assert len(got) > 65536


def _labelled_queries() -> list[str]:
    import yaml

    here = Path(__file__).parent / "data"
    entries = []
    for name in ("search_queries.yaml", "public_queries.yaml"):
        entries += yaml.safe_load((here / name).read_text(encoding="utf-8"))
    return [e["query"] for e in entries]


def test_json_output_is_byte_for_byte_what_the_standard_library_writes() -> None:
    """to_json uses msgspec's encoder; its bytes must stay those of json.dumps(indent=2), for
    every labelled query with --explain (scores, reasons, topics, nearest offices), every other
    answer and the directory export."""
    import datetime as dt
    import json

    import msgspec

    from sse_channels import api
    from sse_channels.output.as_json import directory_dict, json_value, to_json

    at = dt.datetime(2026, 11, 26, 10, 0)
    values = [directory_dict(api.load(), api.load().channels)]
    for query in _labelled_queries():
        try:
            answer = api.search(query, limit=30)
        except NotFoundError:  # a few public questions are for no channel
            continue
        values.append(json_value(msgspec.structs.replace(answer, explain=True)))
    values += [json_value(api.dial(q, at=at)) for q in ("廉政监督", "债券", "1959", "疑难问题")]
    values += [json_value(api.staffed(at=at)), json_value(api.overview())]
    values += [json_value(api.due("申报前", start=dt.date(2026, 9, 28)))]
    values += [json_value(api.show(q)) for q in ("廉政", "bond-review.email", "上海")]
    values += [json_value(api.channels()), json_value(api.link("债券")), json_value(api.validate())]
    data = Path(__file__).resolve().parent.parent / "data" / "channels.yaml"
    values += [json_value(api.diff(str(data), str(data)))]
    # A command line that is not UTF-8 reaches the JSON as a lone surrogate: json.dumps writes it.
    values += [json_value(msgspec.structs.replace(api.search("债券\udcff"), explain=True))]
    for value in values:
        assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    floats = [x for v in values for x in _leaves(v) if isinstance(x, float)]
    assert len(floats) > 1000 and any(x != int(x) for x in floats)  # scores were compared too


def _leaves(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _leaves(v)
    else:
        yield value
