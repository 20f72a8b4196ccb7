"""A damaged, foreign or half-written cache is never trusted: it is rebuilt, and two processes
building it at once both answer."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sse_channels import store
from sse_channels.store import cache

from .conftest import CACHE_FILES, REFERENCE, USER_DATA, USER_SLOT
from .support import EXE, child_env, clear_store_caches

# --------------------------------------------------------------------------- damaged cache files


def _header(blob: bytes) -> bytes:
    return blob[: blob.index(b"\n") + 1]


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _sealed(header: bytes, payload: bytes) -> bytes:
    return header + cache._digest(payload) + payload


def _older_format_header(blob: bytes) -> bytes:
    magic, name, key = blob[: blob.index(b"\n")].decode().split(" ")
    # What a previous cache format would have written: another key for the same inputs.
    assert re.fullmatch("[0-9a-f]{64}", key)
    return f"{magic} {name} {int(key, 16) ^ 0xDEADBEEF:064x}\n".encode()


def _damage(kind: str, blob: bytes, marker: Path) -> bytes:
    header = _header(blob)
    body = blob[len(header) :]
    payload = body[cache.DIGEST_SIZE :]
    if kind == "empty":
        return b""
    if kind == "truncated-header":
        return blob[:7]
    if kind == "truncated-payload":
        return blob[: len(blob) // 2]
    if kind == "flipped-payload-bytes":
        out = bytearray(blob)
        for i in range(len(header) + cache.DIGEST_SIZE + 10, len(out), max(1, len(out) // 7)):
            out[i] ^= 0xFF
        return bytes(out)
    if kind == "flipped-checksum":
        out = bytearray(blob)
        out[len(header)] ^= 0x01
        return bytes(out)
    if kind == "older-format-key":
        return _older_format_header(blob) + body
    if kind == "headerless-pickle":
        return payload  # an older layout: a bare pickle
    if kind == "wrong-shape-payload":
        return _sealed(header, pickle.dumps(({"channels": []}, ["old", "index"])))
    if kind == "malicious-pickle":
        return _sealed(header, pickle.dumps(_Evil(marker)))
    if kind == "garbage":
        return bytes(range(256)) * 40
    raise AssertionError(kind)


DAMAGE = {
    USER_SLOT: [
        "empty", "truncated-header", "truncated-payload", "flipped-payload-bytes",
        "flipped-checksum", "older-format-key", "headerless-pickle", "wrong-shape-payload",
        "malicious-pickle", "garbage",
    ],
    "calendar": ["truncated-payload", "flipped-payload-bytes", "older-format-key",
                 "malicious-pickle"],
}  # fmt: skip


_CHECKS = {
    USER_SLOT: store._valid,
    "calendar": lambda v: type(v).__name__ == "CalendarTable",
}


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, k) for n in DAMAGE for k in DAMAGE[n]],
    ids=[f"{n}-{k}" for n in DAMAGE for k in DAMAGE[n]],
)
def test_damaged_cache_file_is_rebuilt(run, tmp_path, monkeypatch, pristine, name, kind):
    source, answers = pristine
    folder = tmp_path / "cache"
    shutil.copytree(source, folder)
    target = folder / f"{name}.bin"
    good = target.read_bytes()
    marker = tmp_path / "PWNED"
    damaged = _damage(kind, good, marker)
    assert damaged != good
    target.write_bytes(damaged)
    monkeypatch.setenv("SSE_CHANNELS_CACHE_DIR", str(folder))
    clear_store_caches()

    for key, args in REFERENCE.items():
        code, out, err = run(*args)
        assert (code, out) == tuple(answers[key]), key
        assert err == ""
    assert not marker.exists(), "the cache unpickled something it should never construct"

    rewritten = target.read_bytes()
    assert rewritten != damaged
    assert _header(rewritten) == _header(good)
    key = _header(good)[:-1].decode().split(" ")[-1]
    value = cache.read(name, key)
    assert value is not None and _CHECKS[name](value)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)


def test_two_processes_building_the_cache_at_once(tmp_path):
    folder = tmp_path / "fresh-cache"
    env = child_env(SSE_CHANNELS_CACHE_DIR=str(folder))
    args = [EXE, "--data", USER_DATA, "hours", "--at", "2026-11-26T10:00", "--json", "债卷"]
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    for _, err, code in results:
        assert (code, err) == (0, b"")
    assert results[0][0] == results[1][0]
    answer = json.loads(results[0][0])
    assert answer["at"] == "2026-11-26T10:00:00+08:00"
    assert answer["lines"][0]["id"] == "bond-review.phone"
    # Both wrote whole files; a third run reads them and agrees; no temporary file is left.
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.bin" for n in CACHE_FILES)
    third = subprocess.run(args, env=env, capture_output=True, timeout=60)
    assert (third.returncode, third.stdout, third.stderr) == (0, results[0][0], b"")
