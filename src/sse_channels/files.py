"""Reading a user's data file safely: size-capped, UTF-8, every failure a clear `DataError`."""

from __future__ import annotations

import os
from pathlib import Path

from sse_channels.errors import DataError, OutputError, Problem, UsageError
from sse_channels.l10n import (  # problems keep English messages; they are translated where shown
    N_,
    _,
)
from sse_channels.streams import write_all

MAX_BYTES = 5 * 1024 * 1024  # the real directory is ~60 KB; anything this big is not one
TOO_LARGE = N_("too large (the limit is 5 MiB)")
NOT_REGULAR = N_("not a regular file (a FIFO, device or socket); not read")


def read_bytes(path: str, *, regular: bool = False) -> bytes:
    """The bytes of a data file, refusing directories, huge files and unreadable paths.

    Opened without blocking, so that a FIFO nobody writes to is not waited on at open; with
    `regular`, only a regular file is read (a file the user did not name, such as the
    topics.yaml found next to one, must not be a FIFO or device that could hang or flood us).
    """
    import stat

    p = Path(path)
    try:
        if p.is_dir():
            raise DataError([Problem(path, None, "", N_("is a directory, not a YAML file"))])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if regular and not stat.S_ISREG(st.st_mode):
                raise DataError([Problem(path, None, "", NOT_REGULAR)])
            if st.st_size > MAX_BYTES:
                raise DataError([Problem(path, None, "", TOO_LARGE)])
            os.set_blocking(fd, True)  # a pipe the user named (--data <(…)) is read whole
            raw = f.read(MAX_BYTES + 1)  # a file that grew since stat() is still capped
    except FileNotFoundError:
        raise DataError([Problem(path, None, "", N_("no such file"))]) from None
    except PermissionError:
        raise DataError([Problem(path, None, "", N_("permission denied"))]) from None
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(path, None, "", TOO_LARGE)])
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


def write_atomic(
    path: str, payload: bytes, *, force: bool, option: str = "-o", example: str = "sse.csv"
) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename.

    An existing file is replaced only with `force`; the check and the rename are as close
    together as the OS allows (os.link refuses to replace, so no race can clobber a file).
    A symlink is followed to its target, except a dangling one and one that another user owns
    in a sticky, world-writable folder such as /tmp (see `check_symlink`). Temporary files left
    by an export that was killed are removed first (see `clean_stale_temps`). A write that
    cannot complete (full disk, `ulimit -f`, a read-only file system) raises `OutputError`;
    the old file stays. `option` and `example` name the option in messages (`--ics sse.ics`).
    """
    import errno
    import tempfile

    target = check_target(path, force=force, option=option, example=example)
    folder = target.parent if str(target.parent) else Path(".")
    clean_stale_temps(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        reason = exc.strerror or exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOTDIR):
            raise UsageError(
                _("cannot write in {folder}: {reason}").format(folder=folder, reason=reason)
            ) from None
        # A read-only or full file system: the name was right, the output could not be written.
        raise OutputError(
            _("cannot write output to {path}: {reason}").format(path=path, reason=reason)
        ) from None
    try:
        _lock(fd)  # held until we exit: a locked temp file is not stale
        os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; a new file should not be private
        try:
            write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise UsageError(
                    _("{file} exists; use --force to replace it").format(file=path)
                ) from None
            except OSError:
                os.replace(tmp, target)  # file systems without hard links
    except OSError as exc:
        raise OutputError(
            _("cannot write output to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def check_target(path: str, *, force: bool, option: str = "-o", example: str = "sse.csv") -> Path:
    """The file that writing to `path` would replace or create, or `UsageError` saying why
    it may not be written: an empty name, a folder, a planted or dangling link, a device,
    FIFO or socket, or an existing file without `force`. Called before anything is printed."""
    import stat

    if not path:
        raise UsageError(
            _("the output file name is empty; give one, e.g. {option} {example}").format(
                option=option, example=example
            )
        )
    check_folders(path)
    target = Path(path)
    try:  # through any link: /dev/stdout is a link to a pipe or a terminal, not a file
        named = target.stat().st_mode
    except OSError:
        named = None
    if named is not None and not stat.S_ISREG(named) and not stat.S_ISDIR(named):
        raise UsageError(
            _("{file} is not a regular file; to write to it, use stdout: > {file}").format(
                file=path
            )
        )
    if path.endswith(("/", os.sep)) or target.is_dir():
        message = (
            N_("{file} is a directory; give a file name, e.g. {option} {example}")
            if target.is_dir()
            else N_(
                "{file} names a folder (it ends with /); give a file name, e.g. {option} {example}"
            )
        )
        raise UsageError(
            _(message).format(file=path, option=option, example=f"{path.rstrip('/')}/{example}")
        )
    if target.is_symlink():
        check_symlink(target)
        # Replace what the link points to, not the link itself.
        target = Path(os.path.realpath(target))
        if target.is_dir():
            raise UsageError(
                _("{file} is a link to a directory; give a file name").format(file=path)
            )
    try:
        kind = target.stat().st_mode
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        # A device, FIFO or socket: renaming a file over it would destroy it, not write to it.
        raise UsageError(
            _("{file} is not a regular file; to write to it, use stdout: > {file}").format(
                file=path
            )
        )
    if target.exists() and not force:
        raise UsageError(_("{file} exists; use --force to replace it").format(file=path))
    return target


def check_symlink(link: Path) -> None:
    """Refuse a link that may have been planted: dangling, or another user's in a sticky folder.

    In a sticky world-writable folder (/tmp) anyone can create a name, and a link there owned by
    someone else could point at the user's own files (~/.bashrc); writing through it would
    replace them. A dangling link would create whatever file it names.
    """
    import os
    import stat

    try:
        target_exists = link.exists()
        link_uid = link.lstat().st_uid
        folder_mode = link.parent.stat().st_mode if str(link.parent) else Path(".").stat().st_mode
    except OSError as exc:
        raise UsageError(
            _("cannot check {file}: {reason}").format(file=link, reason=exc.strerror or exc)
        ) from None
    if not target_exists:
        raise UsageError(
            _("{file} is a symlink to a file that does not exist; not following it").format(
                file=link
            )
        )
    shared = folder_mode & stat.S_ISVTX and folder_mode & stat.S_IWOTH
    if shared and hasattr(os, "getuid") and link_uid != os.getuid():
        raise UsageError(
            _(
                "{file} is a symlink owned by another user in a shared folder; not following it"
            ).format(file=link)
        )


def planted(link_uid: int, folder: os.stat_result) -> bool:
    """Whether a symlink owned by `link_uid` in a folder with status `folder` may have been
    planted: the folder is sticky and world-writable (/tmp) and the link belongs neither to
    this user nor to the folder's owner (the rule of Linux's fs.protected_symlinks)."""
    import stat

    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if not shared or not hasattr(os, "getuid"):
        return False
    return link_uid not in (os.getuid(), folder.st_uid)


MAX_LINK_HOPS = 40  # as the kernel's own limit (ELOOP)


def check_folders(path: str) -> None:
    """Refuse a path whose folders pass through a symlink that may have been planted.

    Each folder on the way (not only the file's own name) is looked at as the kernel would
    walk it, following links one by one: `/tmp/evil/victim.txt`, where another user made
    /tmp/evil point at the user's private folder, would otherwise write there.
    """
    import stat

    parent = os.path.dirname(os.path.abspath(path))
    pending = parent.split(os.sep)
    current = os.sep
    hops = 0
    while pending:
        name = pending.pop(0)
        if name in ("", "."):
            continue
        if name == "..":
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, name)
        try:
            st = os.lstat(candidate)
        except OSError:
            return  # a missing folder: creating the file there fails with its own message
        if not stat.S_ISLNK(st.st_mode):
            current = candidate
            continue
        try:
            folder = os.stat(current)
            target = os.readlink(candidate)
        except OSError as exc:
            raise UsageError(
                _("cannot check {file}: {reason}").format(
                    file=candidate, reason=exc.strerror or exc
                )
            ) from None
        if planted(st.st_uid, folder):
            raise UsageError(
                _(
                    "{file}: the folder {folder} is a symlink owned by another user in a shared "
                    "folder; not following it"
                ).format(file=path, folder=candidate)
            )
        hops += 1
        if hops > MAX_LINK_HOPS:
            raise UsageError(_("{file}: too many levels of symbolic links").format(file=path))
        if os.path.isabs(target):
            current = os.sep
        pending = target.split(os.sep) + pending


STALE_SECONDS = 5
# mkstemp's names: the prefix, 8 characters from its alphabet, the suffix.
_TEMP_NAME = "^\\.{}\\.[a-z0-9_]{{8}}\\.tmp$"


def clean_stale_temps(folder: Path, name: str) -> list[str]:
    """Remove temporary files of an earlier, killed export of `name` in `folder`.

    Only files that match our own pattern (.NAME.XXXXXXXX.tmp), are regular files (not links),
    belong to this user, are a few seconds old and are not locked by a running export.
    Returns the names removed.
    """
    import os
    import re
    import stat
    import time

    pattern = re.compile(_TEMP_NAME.format(re.escape(name)))
    removed: list[str] = []
    try:
        entries = [e for e in os.listdir(folder) if pattern.match(e)]
    except OSError:
        return removed
    for entry in entries:
        path = folder / entry
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
            old = time.time() - st.st_mtime > STALE_SECONDS  # not one being created right now
            if stat.S_ISREG(st.st_mode) and mine and old and _try_lock(fd):
                path.unlink()
                removed.append(entry)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, no cleaning either
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _try_lock(fd: int) -> bool:
    """Whether no running export holds this temporary file (False where we cannot tell)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


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
