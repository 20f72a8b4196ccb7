"""A compiled, verified on-disk cache of the validated directory and its search index.

Validating YAML and computing pinyin (pypinyin alone is slow to import) cost more than a
lookup tool can pay on every call. The first run writes the result under the user's cache
directory; later runs read it back.

A cache file is never trusted. Its header names its slot and a SHA-256 key of every input it
depends on (the data file's bytes, the package version, the cache format); the payload's
SHA-256 is verified before unpickling, and the unpickler only constructs this package's record
types. The folder must belong to the user and not be writable by others, and each file must be
a regular file of this user, of bounded size, opened without following links and without
blocking (a FIFO never hangs the tool). Anything else is rebuilt. Writes go to a temporary
file and are renamed into place, so concurrent runs never see half a file. When no cache
directory can be used, the tool still answers, without one.
"""

from __future__ import annotations

import enum
import gc
import io
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sse_channels import __version__

try:  # the built-in SHA-256, without loading hashlib's OpenSSL binding
    from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.12+
except ImportError:  # pragma: no cover - depends on the CPython version
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment,unused-ignore]

try:  # the C unpickler alone: pickle.py, its pure-Python twin, is not loaded
    from _pickle import Unpickler
    from _pickle import UnpicklingError as UnpicklingError  # re-exported for prebuilt
except ImportError:  # pragma: no cover - an interpreter without the C accelerator
    from pickle import Unpickler, UnpicklingError

FORMAT = 5
MAGIC = b"SSECH"
DIGEST_SIZE = 32  # SHA-256 of the payload, after the header line
MAX_BYTES = 64 * 1024 * 1024  # a cache file is a few hundred KB; anything this big is not ours
ENV_CACHE = "SSE_CHANNELS_CACHE_DIR"
ENV_NO_CACHE = "SSE_CHANNELS_NO_CACHE"

T = TypeVar("T")

_ALLOWED_MODULES = {
    "sse_channels.model",
    "sse_channels.search.index",
    "sse_channels.search.topic_tables",
    "sse_channels.days.trading",
    "sse_channels.directory.topics",
}
_ALLOWED_BUILTINS = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "tuple"),
    ("builtins", "dict"),
    ("builtins", "list"),
    ("datetime", "date"),
    ("datetime", "time"),
}


class _Unpickler(Unpickler):
    """Constructs only classes defined in this package's record modules, and plain types.

    A dotted name (Path.write_text) or anything a module merely imports (Path, re) is refused:
    only a class whose own module is the allowed one passes.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _enum_member  # how CPython 3.11.0-3.11.4 pickles enum members
        if (module, name) in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module in _ALLOWED_MODULES and "." not in name:
            from importlib import import_module

            found = getattr(import_module(module), name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise UnpicklingError(f"{module}.{name} is not allowed in the cache")


def unpickle_records(payload: bytes) -> Any:
    """Unpickle with the allow-list: only this package's record classes and plain types.

    The cyclic garbage collector is paused meanwhile: the records hold no cycles, and the
    tens of thousands of tuples of an index would otherwise set off dozens of collections
    (about a third of the load time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    finally:
        if paused:
            gc.enable()


def _allowed_class(cls: object) -> bool:
    return isinstance(cls, type) and cls.__module__ in _ALLOWED_MODULES


def _enum_member(cls: object, name: str) -> Any:
    """`getattr` limited to a member of one of our enums: nothing else can be reached."""
    if (
        _allowed_class(cls)
        and isinstance(cls, enum.EnumMeta)
        and isinstance(name, str)
        and name in cls.__members__
    ):
        return cls.__members__[name]
    raise UnpicklingError(f"getattr({cls!r}, {name!r}) is not allowed in the cache")


def cache_dir() -> Path | None:
    """Where cache files live, or None when caching is switched off."""
    if os.environ.get(ENV_NO_CACHE):
        return None
    explicit = os.environ.get(ENV_CACHE)
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # the XDG spec: a relative path is invalid, ignore it
            base = os.path.expanduser("~/.cache")
    if not base or not os.path.isabs(base):  # no usable HOME either
        return None
    return Path(base) / "sse-channels"


def _digest(payload: bytes) -> bytes:
    return bytes(sha256(payload).digest())


def key_for(*parts: bytes | str) -> str:
    """The SHA-256 (hex) of the inputs a cache entry depends on, each length-prefixed."""
    h = sha256()
    for part in (__version__, str(FORMAT), *parts):
        # A path from a command line that is not UTF-8 holds lone surrogates: kept as bytes.
        raw = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "big"))
        h.update(raw)
    return str(h.hexdigest())


def _header(name: str, key: str) -> bytes:
    return MAGIC + b" " + name.encode() + b" " + key.encode() + b"\n"


def _usable(folder: Path) -> bool:
    """The folder is a real directory of this user that nobody else can write to."""
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid"):
        return st.st_uid == os.getuid() and not st.st_mode & 0o022
    return True  # pragma: no cover - Windows: the profile folder's ACLs decide


def _read_blob(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of this user of bounded size, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None  # someone else's file: never unpickle it
        chunks = []
        left = MAX_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        blob = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return blob if len(blob) <= MAX_BYTES else None


def read(name: str, key: str) -> Any | None:
    """The cached object for (name, key), or None if absent, stale, damaged or unsafe."""
    folder = cache_dir()
    if folder is None or not _usable(folder):
        return None
    blob = _read_blob(folder / f"{name}.bin")
    if blob is None:
        return None
    header = _header(name, key)
    if not blob.startswith(header) or len(blob) < len(header) + DIGEST_SIZE:
        return None
    body = blob[len(header) :]
    digest, payload = body[:DIGEST_SIZE], body[DIGEST_SIZE:]
    if _digest(payload) != digest:
        return None
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a damaged or foreign payload is rebuilt, whatever it raised
        return None


def write(name: str, key: str, value: object) -> None:
    """Store an object atomically; silently do nothing where the cache cannot be written."""
    import pickle

    folder = cache_dir()
    if folder is None:
        return
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    blob = _header(name, key) + _digest(payload) + payload
    import tempfile  # imports `random`: only worth it when writing

    try:
        # At most the cache folder and its parent (~/.cache) are created: never a missing HOME.
        if not folder.parent.is_dir():
            folder.parent.mkdir(mode=0o700)
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _usable(folder):
            return  # another user's or a shared folder: their files could be swapped in
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, folder / f"{name}.bin")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        evict(folder, name)
    except OSError:
        return


KEEP_USER_FILES = 8  # entries kept per kind for users' own --data files, most recently used
_PER_FILE = ("user-", "topics-")  # slots named after a user's file: one per path ever used


def evict(folder: Path, name: str) -> list[str]:
    """Remove the least recently used entries of `name`'s kind beyond `KEEP_USER_FILES`
    (only for the kinds made per user file); returns the names removed. Each read of an
    entry marks it used (`touch`)."""
    prefix = next((p for p in _PER_FILE if name.startswith(p)), None)
    if prefix is None:
        return []
    entries: list[tuple[float, str]] = []
    for entry in os.scandir(folder):
        if entry.name.startswith(prefix) and entry.name.endswith(".bin"):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode):
                entries.append((st.st_mtime, entry.name))
    entries.sort(reverse=True)
    removed = []
    for _mtime, old in entries[KEEP_USER_FILES:]:
        if old != f"{name}.bin":
            (folder / old).unlink(missing_ok=True)
            removed.append(old)
    return removed


def touch(name: str) -> None:
    """Mark an entry as just used, so that eviction keeps it."""
    from contextlib import suppress

    folder = cache_dir()
    if folder is not None and name.startswith(_PER_FILE):
        with suppress(OSError, NotImplementedError):
            os.utime(folder / f"{name}.bin", follow_symlinks=False)


def cached(name: str, key: str, build: Callable[[], T], check: Callable[[object], bool]) -> T:
    """Read (name, key) from the cache if it passes `check`, else build it and store it."""
    value = read(name, key)
    if value is not None and check(value):
        touch(name)
        return value  # type: ignore[no-any-return]  # `check` has verified the type
    fresh = build()
    write(name, key, fresh)
    return fresh
