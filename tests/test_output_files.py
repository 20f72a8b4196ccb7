"""Files the tool writes (exports): never overwritten without --force, never a partial file,
never a FIFO or device replaced, ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .support import assert_clean, regular_file

# --------------------------------------------------------------------------- output files


def _export(run, target: Path, *extra: str) -> tuple[int, str, str]:
    return run("export", "-f", "csv", "-o", str(target), *extra)


def test_export_does_not_overwrite_without_force(run, tmp_path):
    target = tmp_path / "mine.csv"
    original = b"\x00precious bytes\r\n\xff"
    target.write_bytes(original)
    code, out, err = _export(run, target)
    assert code == 2
    assert out == ""
    assert err == f"error: {target} exists; use --force to replace it\n"
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_export_force_replaces(run, tmp_path):
    target = tmp_path / "mine.csv"
    target.write_bytes(b"old")
    code, _, err = _export(run, target, "--force")
    assert code == 0
    assert err == f"wrote {target} (csv, utf-8-sig)\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,")
    assert "integrity.email" in raw.decode("utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_export_force_through_a_symlink_replaces_the_file_it_points_to(run, tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, _ = _export(run, link, "--force")
    assert code == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_export_never_replaces_a_fifo_or_device(run, tmp_path, force):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = _export(run, fifo, *force)
    assert (code, out) == (2, "")
    assert err == f"error: {fifo} is not a regular file; to write to it, use stdout: > {fifo}\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize(
    "where",
    ["missing-dir", "under-a-file", "is-a-directory"],
)
def test_export_to_an_impossible_place(run, tmp_path, where):
    if where == "missing-dir":
        target = tmp_path / "no" / "such" / "dir" / "out.csv"
    elif where == "under-a-file":
        target = regular_file(tmp_path) / "out.csv"
    else:
        target = tmp_path / "a-dir"
        target.mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = _export(run, target)
    assert code in (1, 2)
    assert out == ""
    assert (
        err.startswith("error: ")
        and str(target.parent if where != "is-a-directory" else target) in err
    )
    assert_clean(out, err)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, no temp file


@pytest.mark.parametrize("force", [False, True], ids=["new-file", "force-over-existing"])
def test_export_failing_mid_write_leaves_no_partial_file(run, tmp_path, monkeypatch, force):
    target = tmp_path / "out.csv"
    if force:
        target.write_bytes(b"keep me")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, out, err = _export(run, target, *(["--force"] if force else []))
    monkeypatch.undo()
    assert code == 1
    assert out == ""
    assert err == f"error: cannot write output to {target}: No space left on device\n"
    if force:
        assert target.read_bytes() == b"keep me"
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_exported_file_gets_ordinary_permissions(run, tmp_path):
    """A new export is readable like any file the user creates (umask), not private 0600."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "shared.csv"
        code, _, _ = _export(run, target)
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
