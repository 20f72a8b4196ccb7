"""Reading a user's data file safely: size-capped, UTF-8, every failure a clear `DataError`."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, Problem

MAX_BYTES = 5 * 1024 * 1024  # the real directory is ~60 KB; anything this big is not one


def read_bytes(path: str) -> bytes:
    """The bytes of a data file, refusing directories, huge files and unreadable paths."""
    p = Path(path)
    try:
        if p.is_dir():
            raise DataError([Problem(path, None, "", "is a directory, not a YAML file")])
        size = p.stat().st_size
        if size > MAX_BYTES:
            limit = f"the limit is {MAX_BYTES // 2**20} MiB"
            raise DataError([Problem(path, None, "", f"too large ({size / 1e6:.1f} MB; {limit})")])
        with p.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # a file that grew since stat() is still capped
    except FileNotFoundError:
        raise DataError([Problem(path, None, "", "no such file")]) from None
    except PermissionError:
        raise DataError([Problem(path, None, "", "permission denied")]) from None
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(path, None, "", "too large (the limit is 5 MiB)")])
    return raw


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed); a bad byte is reported with its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, "", f"not UTF-8 (bad byte at offset {exc.start})")]
        ) from None
