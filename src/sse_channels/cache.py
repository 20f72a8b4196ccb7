"""A compiled, verified on-disk cache of the validated directory and its search index.

Validating YAML and computing pinyin costs a few hundred milliseconds (pypinyin alone takes
~0.2 s to import); a lookup tool cannot pay that on every call. The first run writes the
result under the user's cache directory; later runs read it back in a few milliseconds.

A cache file is never trusted: it is keyed on the data file's bytes, the package version and
the cache format; its payload carries a checksum that is verified before unpickling, and the
unpickler only constructs this package's record types. Anything else is rebuilt. Writes go to
a temporary file and are renamed into place, so concurrent runs never see half a file. When no
cache directory can be used, the tool still answers, without one.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

FORMAT = 4
MAGIC = b"SSECH"
ENV_CACHE = "SSE_CHANNELS_CACHE_DIR"
ENV_NO_CACHE = "SSE_CHANNELS_NO_CACHE"

T = TypeVar("T")

_ALLOWED_MODULES = {
    "sse_channels.model",
    "sse_channels.search.index",
    "sse_channels.calendar",
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


class _Unpickler(pickle.Unpickler):
    """Constructs only classes defined in this package's record modules, and plain types.

    A dotted name (Path.write_text) or anything a module merely imports (Path, re) is refused:
    only a class whose own module is the allowed one passes.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module in _ALLOWED_MODULES and "." not in name:
            from importlib import import_module

            found = getattr(import_module(module), name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


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


def _checksum(payload: bytes) -> bytes:
    return zlib.crc32(payload).to_bytes(4, "big") + zlib.adler32(payload).to_bytes(4, "big")


def key_for(*parts: bytes | str) -> str:
    """A short, stable name for the inputs a cache entry depends on."""
    h = 0
    a = 1
    for part in (__version__, str(FORMAT), *parts):
        raw = part.encode() if isinstance(part, str) else part
        h = zlib.crc32(raw, h)
        a = zlib.adler32(raw, a)
        h = zlib.crc32(b"\0", h)
    return f"{h:08x}{a:08x}"


def read(name: str, key: str) -> Any | None:
    """The cached object for (name, key), or None if absent, stale or damaged."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{name}.bin", "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None  # someone else's file: never unpickle it
            blob = f.read()
    except OSError:
        return None
    header = MAGIC + key.encode() + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 8:
        return None
    body = blob[len(header) :]
    checksum, payload = body[:8], body[8:]
    if _checksum(payload) != checksum:
        return None
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a damaged or foreign payload is rebuilt, whatever it raised
        return None


def write(name: str, key: str, value: object) -> None:
    """Store an object atomically; silently do nothing where the cache cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    blob = MAGIC + key.encode() + b"\n" + _checksum(payload) + payload
    import tempfile  # imports `random` and `hashlib`: only worth it when writing

    try:
        # At most the cache folder and its parent (~/.cache) are created: never a missing HOME.
        if not folder.parent.is_dir():
            folder.parent.mkdir(mode=0o700)
        folder.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, folder / f"{name}.bin")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def cached(name: str, key: str, build: Callable[[], T], check: Callable[[object], bool]) -> T:
    """Read (name, key) from the cache if it passes `check`, else build it and store it."""
    value = read(name, key)
    if value is not None and check(value):
        return value  # type: ignore[no-any-return]  # `check` has verified the type
    fresh = build()
    write(name, key, fresh)
    return fresh
