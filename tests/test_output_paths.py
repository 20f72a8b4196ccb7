"""Where output files may be written: every folder on the way is checked, not only the name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sse_channels import files
from sse_channels.errors import UsageError

from .test_output import _other_uid, reachable_tmp  # noqa: F401  # the fixture, by name

EXE = str(Path(sys.executable).with_name("sse-channels"))

WRITERS = {
    "export": ["export", "-f", "json", "--force", "-o"],
    "due-ics": ["due", "申报前", "--from", "2026-11-26", "--force", "--ics"],
    "dial-qr-out": ["dial", "债券", "--force", "--qr-out"],
}


def _plant(reachable: Path) -> tuple[Path, Path]:
    """Another user's link /…/pub/evil in a sticky shared folder, to this user's private one."""
    uid = _other_uid()
    shared = reachable / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    private = reachable / "private"
    private.mkdir(mode=0o700)
    link = shared / "evil"
    subprocess.run(
        ["ln", "-s", str(private), str(link)], preexec_fn=lambda: os.setuid(uid), check=True
    )
    assert link.lstat().st_uid == uid
    return link, private


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_folder_link_planted_by_another_user_is_not_followed(
    reachable_tmp: Path,  # noqa: F811
    command: str,
) -> None:
    link, private = _plant(reachable_tmp)
    name = "victim.svg" if command == "dial-qr-out" else "victim.txt"
    if command == "due-ics":
        name = "victim.ics"
    target = link / name
    done = subprocess.run(
        [EXE, *WRITERS[command], str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "SSE_CHANNELS_NO_CACHE": "1"},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"error: {target}: the folder {link} is a symlink owned by another user in a shared "
        "folder; not following it"
    )
    assert list(private.iterdir()) == []


def test_a_planted_folder_link_deeper_in_a_chain_is_refused(reachable_tmp: Path) -> None:  # noqa: F811
    link, private = _plant(reachable_tmp)
    own = reachable_tmp / "mine"
    own.symlink_to(link)  # the user's own link, to the planted one
    with pytest.raises(UsageError) as info:
        files.write_atomic(str(own / "x.json"), b"{}", force=True)
    assert "the folder" in str(info.value) and str(link) in str(info.value)
    assert list(private.iterdir()) == []


def test_the_users_own_folder_link_in_a_shared_folder_is_followed(tmp_path: Path) -> None:
    shared = tmp_path / "pub"
    shared.mkdir()
    shared.chmod(0o1777)
    real = tmp_path / "real"
    real.mkdir()
    (shared / "mine").symlink_to(real)
    files.write_atomic(str(shared / "mine" / "x.json"), b"{}", force=False)
    assert (real / "x.json").read_bytes() == b"{}"


def test_a_loop_of_folder_links_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(UsageError) as info:
        files.write_atomic(str(tmp_path / "a" / "x.json"), b"{}", force=False)
    assert str(info.value) == f"{tmp_path / 'a' / 'x.json'}: too many levels of symbolic links"
