"""Every command the READMEs show runs, and prints what they show.

A command shown with its output (a ```console block) must print exactly that, as the screen
the block announces (tests/readme_examples.py says how); a command named without output (the
command table, prose, a ```sh block) must run and do what the README says of it. When the
tool's output changes on purpose, `python tests/readme_examples.py --write` refreshes the
README's examples (and prints the excerpts to edit by hand).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import readme_examples as rx

EXAMPLES = [ex for readme in rx.READMES for ex in rx.read(readme).examples]
MENTIONS = list(
    {(m.readme, m.command): m for readme in rx.READMES for m in rx.read(readme).mentions}.values()
)

# The exit code an example or mention ends with, where it is not 0; each is the one the README
# documents for that case.
EXIT = {
    "sse-channels validate my-channels.yaml": 1,  # invalid data
    "sse-channels diff data/channels.yaml my-channels.yaml": 1,  # the files differ
    "sse-channels diff data/channels.yaml my-channels.yaml | cut -f 1,3-": 1,
    "sse-channels check-links --timeout 5": 1,  # no link answers: the test has no network
    "sse-channels --data data/channels.yaml check-links --timeout 15 --write-date": 1,
}


def _without_block(text: str, record: str) -> str:
    """The directory file without one channel's record."""
    start = text.index(f"  - id: {record}\n")
    end = text.index("  - id: ", start + 1)
    return text[:start] + text[end:]


def _holidays_2027() -> str:
    """The closure notice the README shows, as a reader would save it."""
    readme = rx.READMES["en"].read_text(encoding="utf-8")
    shown = re.search(r"```yaml\n(# holidays-2027\.yaml.*?)```", readme, re.S)
    assert shown is not None
    return shown[1]


def prepare(command: str, folder: Path) -> None:
    """The files a command names that a reader would have, made from the shipped data the way
    the README describes them."""
    text = (rx.REPO / "data" / "channels.yaml").read_text(encoding="utf-8")
    mine = folder / "my-channels.yaml"
    if "validate my-channels.yaml" in command:  # an edit that broke a mailbox
        mine.write_text(text.replace("gzrx@sse.com.cn", "gzrx-at-sse"), encoding="utf-8")
    elif "my-channels.yaml" in command:  # a channel removed, a link and an extension changed
        text = _without_block(text, "ipo-review.pre-filing")
        text = text.replace(
            "url: http://www.sse.com.cn/lawandrules/guide/zqznlc/",
            "url: https://www.sse.com.cn/lawandrules/guide/zqznlc/",
        )
        text = text.replace('steps: ["6", "1959"]', 'steps: ["6", "1960"]')
        mine.write_text(text, encoding="utf-8")
    if "holidays-2027.yaml" in command:
        (folder / "holidays-2027.yaml").write_text(_holidays_2027(), encoding="utf-8")


def _run(readme: str, command: str, columns: int | None, folder: Path) -> rx.Result:
    rx.workdir(folder)
    prepare(command, folder)
    return rx.run(command, lang=readme, columns=columns, cwd=folder)


# --------------------------------------------------------------------------- shown output


def test_the_readmes_show_examples():
    assert {ex.readme for ex in EXAMPLES} == {"en", "zh"}
    assert len(EXAMPLES) >= 20


def test_every_console_block_says_which_screen_it_shows():
    assert [b for readme in rx.READMES for b in rx.read(readme).unmarked] == []


@pytest.mark.parametrize("ex", EXAMPLES, ids=lambda ex: ex.name)
def test_a_shown_example_prints_what_the_readme_shows(ex, tmp_path):
    got = _run(ex.readme, ex.command, ex.columns, tmp_path)
    screen = "piped" if ex.columns is None else f"terminal, {ex.columns} columns"
    assert rx.matches(ex.shown, got.output), (
        f"{rx.READMES[ex.readme].name}:{ex.line} ({screen}) shows something else "
        f"(`python tests/readme_examples.py --write` refreshes it unless it is an excerpt); "
        f"the tool prints:\n$ {ex.command}\n{got.output}"
    )
    assert got.code == EXIT.get(ex.command, 0), got.output


# --------------------------------------------------------------------------- named commands


def _lines(r: rx.Result) -> list[str]:
    return r.output.splitlines()


def _first_id(r: rx.Result) -> str:
    return _lines(r)[0].split("\t")[0]


def _searches_like(query: str) -> Callable[[rx.Result, Path], None]:
    def check(r: rx.Result, folder: Path) -> None:
        searched = rx.run(f"sse-channels search {query}", lang="en", columns=None, cwd=folder)
        assert rx.run(f"sse-channels {query}", lang="en", columns=None, cwd=folder) == searched

    return check


def _overview(r: rx.Result, folder: Path) -> None:
    # the 13 areas of the annex and the certificate centre, each with its main line or site
    from sse_channels import api

    areas = api.load(None).areas
    assert len(areas) == 14
    assert len(_lines(r)) == 14
    for line, area in zip(_lines(r), areas, strict=True):
        assert line.startswith(area.id + "\t")
        assert line.split("\t")[-1].strip()


def _show_integrity(r: rx.Result, folder: Path) -> None:
    shown = json.loads(r.output)
    assert {c["area"]["id"] for c in shown} == {"integrity"}
    assert [c["id"] for c in shown] == [
        "integrity.phone", "integrity.fax", "integrity.letter", "integrity.email",
    ]  # fmt: skip


def _vcards_of_tech(r: rx.Result, folder: Path) -> None:
    cards = (folder / "tech.vcf").read_bytes().decode("utf-8")
    assert cards.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert cards.count("BEGIN:VCARD") >= 2
    assert "item1.TEL;TYPE=WORK,VOICE:+864008888400,2,1\r\n" in cards


def _csv_with_bom(r: rx.Result, folder: Path) -> None:
    assert (folder / "sse.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _links_unanswered(r: rx.Result, folder: Path) -> None:
    # one line per URL, every one a DNS failure: the test resolves no name
    rows = [x for x in _lines(r) if "\t" in x]
    assert len(rows) > 30
    assert {x.split("\t")[0] for x in rows} == {"dns"}


def _date_kept(r: rx.Result, folder: Path) -> None:
    _links_unanswered(r, folder)
    shipped = (rx.REPO / "data" / "channels.yaml").read_bytes()
    assert (folder / "data" / "channels.yaml").read_bytes() == shipped


def _closed_day_2027(r: rx.Result, folder: Path) -> None:
    # 2027-02-08 is inside the notice's closure: no line is staffed that day
    assert _lines(r)
    assert not [x for x in _lines(r) if "open now" in x]


def _dial_quote_cloud(r: rx.Result, folder: Path) -> None:
    assert _lines(r)[0].startswith("4008888400 → 2 → 4 → 1")
    assert "  tel:+864008888400,2,4,1" in _lines(r)


def _due_pre_filing(r: rx.Result, folder: Path) -> None:
    assert "2026-10-16" in _lines(r)[0]


def _only(word: str) -> Callable[[rx.Result, Path], None]:
    def check(r: rx.Result, folder: Path) -> None:
        assert _lines(r)
        assert all(word in x for x in _lines(r))

    return check


def _first(channel: str) -> Callable[[rx.Result, Path], None]:
    def check(r: rx.Result, folder: Path) -> None:
        assert _first_id(r) == channel

    return check


def _rows(r: rx.Result, folder: Path) -> None:
    assert _lines(r)
    assert all(x.count("\t") >= 2 for x in _lines(r))


def _bond_site_opened(r: rx.Result, folder: Path) -> None:
    assert rx.OPENED[-1:] == ["http://bond.sse.com.cn/home/"]


def _valid(r: rx.Result, folder: Path) -> None:
    assert "channels" in r.output


def _diff(r: rx.Result, folder: Path) -> None:
    assert [x.split("\t")[0] for x in _lines(r)] == ["removed", "changed", "changed"]


def _one_line(r: rx.Result, folder: Path) -> None:
    assert len(_lines(r)) == 1


def _channels(r: rx.Result, folder: Path) -> None:
    from sse_channels import api

    assert len(_lines(r)) == len(api.load(None).channels)


# What each command the READMEs name without output must do; the README's words in a comment.
CHECKS: dict[str, Callable[[rx.Result, Path], None]] = {
    # the areas of the annex and the certificate centre at a glance
    "sse-channels": _overview,
    "sse-channels search 债券": _first("bond-review.phone"),
    "sse-channels search 投资者 邮箱": _first("investor-services.email"),
    "sse-channels search 债券 REITs": _first("bond-review.rules"),
    # a whole area with every field
    "sse-channels show 廉政监督 --json": _show_integrity,
    "sse-channels show 廉政监督": _only(""),
    "sse-channels list | grep tech": _only("tech"),
    "sse-channels list": _channels,
    "sse-channels dial 上证行情云": _dial_quote_cloud,
    "sse-channels dial 债券": _first("4008888400 → 6 → 1959"),
    # which lines are staffed at an instant
    "sse-channels hours --at 2026-11-26T12:00": _rows,
    "sse-channels hours --at 2026-11-26T10:00": _rows,
    "sse-channels hours": _rows,
    "sse-channels due 申报前 --from 2026/09/28": _due_pre_filing,
    "sse-channels due 申报前": _only(""),
    "sse-channels open 债券信息网": _bond_site_opened,
    "sse-channels export -f vcard 技术 -o tech.vcf": _vcards_of_tech,
    "sse-channels export -f csv -o sse.csv": _csv_with_bom,
    "sse-channels validate data/channels.yaml": _valid,
    "sse-channels check-links --timeout 5": _links_unanswered,
    "sse-channels diff data/channels.yaml my-channels.yaml": _diff,
    # a query without a command searches
    "sse-channels 投诉": _searches_like("投诉"),
    "sse-channels search 投诉": _rows,
    "sse-channels --as investor 投诉": _first("investor-services.hotline"),
    "sse-channels hours --holidays holidays-2027.yaml --at 2027-02-08T10:00": _closed_day_2027,
    # sets the date only when every link answered, else leaves the file alone
    "sse-channels --data data/channels.yaml check-links --timeout 15 --write-date": _date_kept,
    "sse-channels list | head -1": _one_line,
}

# Named, not run, and why.
NOT_RUN = {
    "sse-channels --install-completion": "it edits the reader's shell start-up file",
    "sse-channels serve": "it serves until stopped (tests/test_web_server.py runs it)",
    "sse-channels serve [--host 127.0.0.1] [--port 8000] [--data FILE]": "a synopsis",
}


def test_every_named_command_has_a_check():
    named = {m.command for m in MENTIONS}
    assert sorted(named - set(CHECKS) - set(NOT_RUN)) == []
    assert sorted(set(CHECKS) - named) == [], "a check for a command no README names"


@pytest.mark.parametrize(
    "mention",
    [m for m in MENTIONS if m.command in CHECKS],
    ids=lambda m: f"{m.readme}:{m.line}:{m.command}",
)
def test_a_named_command_does_what_the_readme_says(mention, tmp_path):
    got = _run(mention.readme, mention.command, None, tmp_path)
    assert got.code == EXIT.get(mention.command, 0), got.output
    CHECKS[mention.command](got, tmp_path)


# --------------------------------------------------------------------------- the matching rule


@pytest.mark.parametrize(
    ("shown", "output", "same"),
    [
        (("a", "b"), "a\nb\n", True),
        (("a",), "a\nb\n", False),  # what the README leaves out is marked
        (("a", "…"), "a\nb\nc\n", True),
        (("…", "c"), "a\nb\nc\n", True),
        (("a", "  …", "c"), "a\nc\n", True),  # a gap may be empty
        (("a", "…", "b"), "b\na\n", False),  # in order
        (("a", "c"), "a\nb\nc\n", False),  # consecutive
        (("x (…)",), "x (long part)\n", True),
        (("x (…)",), "x ()\n", False),
        (("x (…)",), "x (a\nb)\n", False),  # `…` within a line stays within it
        (("a\t",), "a\n", False),  # a trailing tab is part of a piped line
    ],
)
def test_shown_lines_with_elisions_match_the_output_they_excerpt(shown, output, same):
    assert rx.matches(shown, output) is same


def test_the_filters_the_readmes_pipe_into():
    text = "a\tb\tc\td\nx tech\ny\nz\n"
    assert rx.apply_filter(["grep", "tech"], text) == "x tech\n"
    assert rx.apply_filter(["grep", "-A1", "tech"], text) == "x tech\ny\n"
    assert rx.apply_filter(["cut", "-f", "1,3-"], "a\tb\tc\td\n") == "a\tc\td\n"
    assert rx.apply_filter(["head", "-1"], text) == "a\tb\tc\td\n"
