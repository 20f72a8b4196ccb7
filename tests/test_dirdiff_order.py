"""`diff` sees order: the order of `list` and the overview is the order of the file."""

from __future__ import annotations

from pathlib import Path

from sse_channels.directory import diff as dirdiff
from sse_channels.directory.diff import Change, Kind, Record
from sse_channels.output.as_json import change_dicts

from .conftest import DATA


def _swapped(tmp_path: Path, first: str, second: str, after: str) -> Path:
    """The packaged file with the block of `first` and the one of `second` (next to each
    other, `after` following them) swapped."""
    text = DATA.read_text("utf-8")
    a, b, c = (text.index(f"  - id: {rid}\n") for rid in (first, second, after))
    assert a < b < c
    path = tmp_path / "swapped.yaml"
    path.write_text(text[:a] + text[b:c] + text[a:b] + text[c:], "utf-8")
    return path


def test_two_swapped_areas_are_a_move(run, tmp_path):
    new = _swapped(tmp_path, "ipo-review", "bond-review", "listed-co")
    code, out, err = run("diff", str(DATA), str(new))
    assert (code, out, err) == (1, "moved\tarea\tbond-review\t-\t2\t1\n", "")


def test_two_swapped_channels_are_a_move(run, tmp_path):
    new = _swapped(tmp_path, "bond-review.phone", "bond-review.email", "bond-review.onsite")
    code, out, _ = run("diff", str(DATA), str(new))
    assert code == 1
    assert out == "moved\tchannel\tbond-review.email\t-\t13\t12\n"


def test_a_record_moved_far_is_one_change_and_the_rest_stay():
    old = ["a", "b", "c", "d", "e"]
    new = ["b", "c", "d", "a", "e"]
    assert dirdiff._reordered(old, new) == {"a": ("1", "4")}
    assert dirdiff._reordered(old, old) == {}
    # Added and removed records do not make the others move.
    assert dirdiff._reordered(["a", "x", "b"], ["a", "b", "y"]) == {}


def test_a_move_is_named_in_every_output_form(run, tmp_path):
    new = _swapped(tmp_path, "ipo-review", "bond-review", "listed-co")
    code, out, _ = run("diff", str(DATA), str(new), "--json")
    assert code == 1
    assert change_dicts([Change(Record.AREA, "bond-review", "", "2", "1", Kind.MOVED)])[0] == {
        "kind": "moved",
        "record": "area",
        "id": "bond-review",
        "path": "",
        "old": "2",
        "new": "1",
    }
    assert '"kind": "moved"' in out and '"id": "bond-review"' in out
