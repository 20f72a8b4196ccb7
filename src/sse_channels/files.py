"""Reading a user's data file safely: size-capped, UTF-8, every failure a clear `DataError`."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, Problem, UsageError

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


def write_atomic(path: str, payload: bytes, *, force: bool) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename.

    An existing file is replaced only with `force`; the check and the rename are as close
    together as the OS allows (os.link refuses to replace, so no race can clobber a file).
    """
    import os
    import stat
    import tempfile

    target = Path(path)
    if target.is_symlink():
        # Replace what the link points to, not the link itself.
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise UsageError(f"{path} is a directory")
    try:
        kind = target.stat().st_mode
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        # A device, FIFO or socket: renaming a file over it would destroy it, not write to it.
        raise UsageError(f"{path} is not a regular file; to write to it, use stdout: > {path}")
    if target.exists() and not force:
        raise UsageError(f"{path} exists; use --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; a new file should not be private
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise UsageError(f"{path} exists; use --force to replace it") from None
            except OSError:
                os.replace(tmp, target)  # file systems without hard links
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _mode_for(target: Path) -> int:
    """The replaced file's mode, or what the user's umask gives a new file."""
    import os
    import stat

    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def packaged_bytes() -> bytes:
    """The directory file shipped inside the package."""
    from importlib import resources

    return resources.files("sse_channels").joinpath("data").joinpath("channels.yaml").read_bytes()
