"""The cache never unpickles anything but this package's own record classes."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest

import sse_channels
from sse_channels import model, store
from sse_channels.store import cache


def forged(module: str, name: str) -> bytes:
    """A protocol-2 pickle that looks up module.name and calls it with no arguments."""
    return b"\x80\x02c" + f"{module}\n{name}\n".encode() + b")R."


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("sse_channels.days.trading", "Path"),  # imported there, defined elsewhere
        ("sse_channels.days.trading", "Path.cwd"),  # a dotted name reaches into it
        ("sse_channels.model", "dataclass"),
        ("sse_channels.search", "re.compile"),
        ("os", "system"),
        ("builtins", "eval"),
    ],
)
def test_foreign_globals_are_refused(module, name):
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(forged(module, name))).load()


def test_the_real_records_round_trip():
    directory, index = store.load()
    payload = pickle.dumps((directory, index), protocol=pickle.HIGHEST_PROTOCOL)
    assert cache._Unpickler(io.BytesIO(payload)).load() == (directory, index)
    table = store._calendar_table()
    payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    assert cache._Unpickler(io.BytesIO(payload)).load() == table


def test_a_valid_file_with_the_right_key_is_read_and_a_forged_one_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path))
    cache.write("probe", "k1", ("x", 1))
    assert cache.read("probe", "k1") == ("x", 1)
    assert cache.read("probe", "k2") is None  # another key: stale
    payload = forged("os", "getcwd")
    blob = cache._header("probe", "k1") + cache._digest(payload) + payload
    (tmp_path / "probe.bin").write_bytes(blob)  # right key, right checksum, foreign global
    assert cache.read("probe", "k1") is None


def test_cache_folder_is_private(tmp_path, monkeypatch):
    folder = tmp_path / "new"
    monkeypatch.setenv(cache.ENV_CACHE, str(folder))
    cache.write("probe", "k", 1)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="XDG and HOME are POSIX conventions")
def test_a_missing_home_is_never_created(tmp_path, monkeypatch):
    home = tmp_path / "no-such-home"
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    cache.write("probe", "k", (1, 2))
    assert not home.exists()
    assert cache.read("probe", "k") is None


@pytest.mark.skipif(os.name != "posix", reason="XDG and HOME are POSIX conventions")
def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("SSE_CHANNELS_CACHE_DIR")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() == home / ".cache" / "sse-channels"
    cache.write("probe", "k", (1, 2))
    assert not (tmp_path / "relative").exists()
    assert cache.read("probe", "k") == (1, 2)  # ~/.cache was made, inside an existing HOME


# ----------------------------------------------------------------------------- keys and entries


def test_keys_are_sha256_of_length_prefixed_parts():
    import hashlib

    h = hashlib.sha256()
    for part in (sse_channels.__version__, str(cache.FORMAT), "a", "bc"):
        h.update(len(part.encode()).to_bytes(8, "big") + part.encode())
    assert cache.key_for("a", "bc") == h.hexdigest()
    assert cache.key_for("ab", "c") != cache.key_for("a", "bc")  # no ambiguity at the seams


def test_the_header_names_the_slot_and_the_payload_digest_is_sha256(tmp_path, monkeypatch):
    import hashlib

    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path))
    cache.write("probe", "k1", (1, 2))
    blob = (tmp_path / "probe.bin").read_bytes()
    header = b"SSECH probe k1\n"
    assert blob.startswith(header)
    payload = blob[len(header) + 32 :]
    assert blob[len(header) : len(header) + 32] == hashlib.sha256(payload).digest()
    # The same file under another slot's name is refused: the slot is part of the header.
    (tmp_path / "other.bin").write_bytes(blob)
    assert cache.read("other", "k1") is None


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch, mode):
    folder = tmp_path / "c"
    monkeypatch.setenv(cache.ENV_CACHE, str(folder))
    cache.write("probe", "k", (1, 2))
    assert cache.read("probe", "k") == (1, 2)
    folder.chmod(mode)
    assert cache.read("probe", "k") is None
    (folder / "probe.bin").unlink()
    cache.write("probe", "k", (1, 2))
    assert not (folder / "probe.bin").exists()


def test_a_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    folder = tmp_path / "c"
    monkeypatch.setenv(cache.ENV_CACHE, str(folder))
    cache.write("probe", "k", (1, 2))
    os.chown(folder, 4242, 4242)
    assert cache.read("probe", "k") is None


def test_a_fifo_in_the_cache_folder_does_not_hang(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path))
    tmp_path.chmod(0o700)
    os.mkfifo(tmp_path / "probe.bin")
    assert cache.read("probe", "k") is None  # returns at once: opened non-blocking, not regular


def test_a_symlink_to_a_huge_file_is_not_read(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    monkeypatch.setenv(cache.ENV_CACHE, str(folder))
    cache.write("probe", "k", (1, 2))
    good = folder / "probe.bin"
    real = tmp_path / "real.bin"
    good.rename(real)
    (folder / "probe.bin").symlink_to(real)
    assert cache.read("probe", "k") is None  # a valid file, but behind a link: O_NOFOLLOW
    huge = folder / "huge.bin"
    with huge.open("wb") as f:
        f.write(cache._header("huge", "k"))
        f.truncate(cache.MAX_BYTES + 1)  # sparse: costs no disk
    assert cache.read("huge", "k") is None


class _Py311Pickler(pickle.Pickler):
    """Pickles enum members as CPython 3.11.0-3.11.4 does: getattr(EnumClass, 'NAME')."""

    def reducer_override(self, obj):
        import enum

        if isinstance(obj, enum.Enum):
            return getattr, (type(obj), obj.name)
        return NotImplemented


def _py311_pickle(value) -> bytes:
    out = io.BytesIO()
    _Py311Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def test_enum_members_pickled_through_getattr_are_read():
    directory, _ = store.load()
    payload = _py311_pickle(directory)
    assert b"getattr" in payload
    assert cache._Unpickler(io.BytesIO(payload)).load() == directory


@pytest.mark.parametrize(
    "target",
    [(model.Window, "__init__"), (model.Channel, "__init__"), (model.ChannelKind, "_missing_"),
     (model.ChannelKind, "__class__")],
)  # fmt: skip
def test_getattr_reaches_only_members_of_our_enums(target):
    class Evil:
        def __reduce__(self):
            return getattr, target

    payload = pickle.dumps(Evil(), protocol=pickle.HIGHEST_PROTOCOL)
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(payload)).load()


DEBIAN_PYTHON = "/usr/bin/python3"


def test_cache_round_trip_on_debian_python(tmp_path):
    """Debian 12's python3 (3.11.2) pickles enums through getattr; its cache must be read."""
    if not os.path.exists(DEBIAN_PYTHON):
        pytest.skip(f"{DEBIAN_PYTHON} is not installed")
    import msgspec

    src = str(Path(cache.__file__).parent.parent.parent)
    # The records are msgspec structs: the same cp311 build loads under Debian's 3.11.
    deps = str(Path(msgspec.__file__).parent.parent)
    code = (
        "import sys; sys.path[:0] = sys.argv[1:3]\n"
        "from sse_channels import model\nfrom sse_channels.store import cache\n"
        "v = (model.ChannelKind.PHONE, model.Audience.INVESTOR, model.Window.__name__)\n"
        "cache.write('probe', 'k', v)\n"
        "print(sys.version.split()[0], cache.read('probe', 'k') == v)\n"
    )
    env = {**os.environ, cache.ENV_CACHE: str(tmp_path / "c")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [DEBIAN_PYTHON, "-I", "-c", code, src, deps], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1] == "True", done.stdout


def test_unpickling_pauses_the_collector_and_restores_it():
    import gc

    payload = pickle.dumps((model.Window.__name__, (1, 2)), protocol=pickle.HIGHEST_PROTOCOL)
    assert gc.isenabled()
    assert cache.unpickle_records(payload) == ("Window", (1, 2))
    assert gc.isenabled()
    gc.disable()
    try:
        cache.unpickle_records(payload)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


def test_a_library_is_known_by_its_release_not_its_file_times(tmp_path, monkeypatch):
    from sse_channels import store

    package = tmp_path / "fakecal"
    package.mkdir()
    (package / "__init__.py").write_text("YEARS = 1\n")
    (tmp_path / "fakecal-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    first = store._installed("fakecal")
    assert first == "fakecal-1.0.dist-info"
    os.utime(package / "__init__.py", (0, 0))  # a copy or a touch: the same release
    assert store._installed("fakecal") == first
    (tmp_path / "fakecal-1.0.dist-info").rename(tmp_path / "fakecal-1.1.dist-info")
    assert store._installed("fakecal") == "fakecal-1.1.dist-info"
    (tmp_path / "fakecal-1.1.dist-info").rmdir()
    egg = tmp_path / "fakecal.egg-info"  # a setup.py develop or distro install: metadata only
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: fakecal\nVersion: 1.2\n")
    assert store._installed("fakecal") == "fakecal==1.2"
    (egg / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: fakecal\nVersion: 1.3\n")
    assert store._installed("fakecal") == "fakecal==1.3"  # __init__.py unchanged, yet a release
    shutil.rmtree(egg)  # no metadata at all: the module's own bytes
    by_content = store._installed("fakecal")
    (package / "__init__.py").write_text("YEARS = 2\n")
    assert store._installed("fakecal") not in (by_content, first)


def test_a_single_module_library_is_known_by_its_release_too(tmp_path, monkeypatch):
    from sse_channels import store

    (tmp_path / "fakemod.py").write_text("X = 1\n")
    (tmp_path / "fakemod-2.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert store._installed("fakemod") == "fakemod-2.0.dist-info"
    assert store._installed("no_such_module_here") == "no_such_module_here:missing"


def test_cache_keys_follow_the_code_s_content_not_its_times(tmp_path):
    from sse_channels import store

    module = tmp_path / "shaping.py"
    module.write_text("A = 1\n")
    before = store._code("shaping.py", "absent.py", here=str(tmp_path))
    os.utime(module, (0, 0))
    assert store._code("shaping.py", "absent.py", here=str(tmp_path)) == before
    module.write_text("A = 2\n")
    assert store._code("shaping.py", "absent.py", here=str(tmp_path)) != before
    own = (Path(store.HERE) / "store/cache.py").read_bytes()
    assert own in store._code("store/cache.py")  # the package's own modules by default


@pytest.mark.parametrize("shapes", ["SHAPES_DIRECTORY", "SHAPES_TOPICS", "SHAPES_CALENDAR"])
def test_every_file_a_cache_key_names_exists(shapes):
    """A renamed module would otherwise drop out of the key (read as empty) unnoticed."""
    from sse_channels import store

    names = getattr(store, shapes)
    assert names and all((Path(store.HERE) / n).is_file() for n in names), names
