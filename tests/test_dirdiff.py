"""diff OLD NEW: exactly the changes an edit made, in annex order, plain, JSON and drawn."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from msgspec.structs import fields, replace

from sse_channels import model as m
from sse_channels.directory import diff as dirdiff
from sse_channels.directory import parse as data
from sse_channels.directory.diff import Change, Kind, Record
from sse_channels.output import checks

from .conftest import DATA, REPO

TAB = "\t"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def edited(tmp_path: Path) -> Path:
    """The packaged file with one extension changed, one URL changed and one channel removed."""
    text = DATA.read_text(encoding="utf-8")
    text = text.replace('          - steps: ["6", "1959"]', '          - steps: ["6", "1960"]', 1)
    old_url = "url: http://www.sse.com.cn/lawandrules/guide/zqznlc/"
    assert text.count(old_url) == 1
    text = text.replace(old_url, old_url.replace("http://", "https://"))
    lines = text.splitlines(keepends=True)
    start = lines.index("  - id: ipo-review.pre-filing\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: "))
    del lines[start:end]
    path = tmp_path / "my-channels.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


THREE = [
    Change(Record.CHANNEL, "ipo-review.pre-filing", "", "申报前现场咨询沟通", None, Kind.REMOVED),
    Change(
        Record.CHANNEL,
        "bond-review.rules",
        "contacts[1].url",
        "http://www.sse.com.cn/lawandrules/guide/zqznlc/",
        "https://www.sse.com.cn/lawandrules/guide/zqznlc/",
        Kind.CHANGED,
    ),
    Change(
        Record.CHANNEL,
        "bond-review.phone",
        "contacts[0].routes[0].steps[1]",
        "1959",
        "1960",
        Kind.CHANGED,
    ),
]


def test_an_edit_is_exactly_its_three_changes(tmp_path):
    assert list(dirdiff.diff_files(DATA, edited(tmp_path))) == THREE


def test_plain_lines(run, tmp_path):
    code, out, err = run("diff", str(DATA), str(edited(tmp_path)))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        TAB.join(["removed", "channel", "ipo-review.pre-filing", "-", "申报前现场咨询沟通", "-"]),
        TAB.join(
            [
                "changed",
                "channel",
                "bond-review.rules",
                "contacts[1].url",
                "http://www.sse.com.cn/lawandrules/guide/zqznlc/",
                "https://www.sse.com.cn/lawandrules/guide/zqznlc/",
            ]
        ),
        TAB.join(
            [
                "changed",
                "channel",
                "bond-review.phone",
                "contacts[0].routes[0].steps[1]",
                "1959",
                "1960",
            ]
        ),
    ]


def test_json(run, tmp_path):
    code, out, err = run("diff", "--json", str(DATA), str(edited(tmp_path)))
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {
            "kind": "removed",
            "record": "channel",
            "id": "ipo-review.pre-filing",
            "path": "",
            "old": "申报前现场咨询沟通",
            "new": None,
        },
        {
            "kind": "changed",
            "record": "channel",
            "id": "bond-review.rules",
            "path": "contacts[1].url",
            "old": "http://www.sse.com.cn/lawandrules/guide/zqznlc/",
            "new": "https://www.sse.com.cn/lawandrules/guide/zqznlc/",
        },
        {
            "kind": "changed",
            "record": "channel",
            "id": "bond-review.phone",
            "path": "contacts[0].routes[0].steps[1]",
            "old": "1959",
            "new": "1960",
        },
    ]
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"


def test_the_drawn_table(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("channels.yaml").write_bytes(DATA.read_bytes())
    edited(tmp_path)
    code, out, _ = run("--color", "always", "diff", "channels.yaml", "my-channels.yaml")
    assert code == 1
    assert "\x1b[31mremoved\x1b[0m" in out
    assert [ANSI.sub("", line).rstrip() for line in out.splitlines()] == DRAWN


DRAWN = """\
                        channels.yaml → my-channels.yaml

  change    record           field            old               new
 ──────────────────────────────────────────────────────────────────────────────
  removed   ipo-review.pre   (whole record)   申报前现场咨询    (none)
            -filing                           沟通
  changed   bond-review.ru   contacts[1].ur   http://www.sse.   https://www.ss
            les              l                com.cn/lawandru   e.com.cn/lawan
                                              les/guide/zqznl   drules/guide/z
                                              c/                qznlc/
  changed   bond-review.ph   contacts[0].ro   1959              1960
            one              utes[0].steps[
                             1]

                                 3 differences
""".splitlines()


def test_the_readme_example_is_what_diff_prints(run, tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ sse-channels diff data/channels.yaml my-channels.yaml | cut -f 1,3-\n")
    shown = block[1].split("```")[0].splitlines()
    _, out, _ = run("diff", str(DATA), str(edited(tmp_path)))
    assert shown == [
        TAB.join(f for i, f in enumerate(line.split(TAB)) if i != 1) for line in out.splitlines()
    ]


@pytest.mark.parametrize("as_json", [False, True])
def test_the_packaged_file_against_itself_is_empty(run, as_json):
    code, out, err = run("diff", *(["--json"] if as_json else []), str(DATA), str(DATA))
    assert (code, out, err) == (0, "[]\n" if as_json else "", "")


def test_an_invalid_file_exits_2_with_the_validators_problems(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    text = DATA.read_text(encoding="utf-8").replace("address: gzrx@sse.com.cn", "address: gzrx")
    bad.write_text(text, encoding="utf-8")
    code, out, err = run("diff", str(DATA), str(bad))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {bad}:893: channels[40].contacts[0].address: malformed e-mail address: 'gzrx'\n"
    )


def test_both_files_invalid_reports_both(run, tmp_path):
    missing = tmp_path / "missing.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: [\n", encoding="utf-8")
    code, out, err = run("diff", str(missing), str(broken))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == f"error: {missing}: no such file"
    assert lines[1].startswith(f"error: {broken}:2: YAML syntax error")


# ----------------------------------------------------------------------------- the core


@pytest.fixture(scope="module")
def packaged() -> m.Directory:
    return data.load_packaged()


def rebuilt(d: m.Directory, **changes: object) -> m.Directory:
    """A new Directory (its own index) with some fields replaced."""
    values = {f.name: getattr(d, f.name) for f in fields(d) if not f.name.startswith("_")}
    return m.Directory(**{**values, **changes})  # type: ignore[arg-type]


def with_channel(d: m.Directory, channel_id: str, **changes: object) -> m.Directory:
    channels = tuple(
        replace(c, **changes) if c.id == channel_id else c  # type: ignore[arg-type]
        for c in d.channels
    )
    return rebuilt(d, channels=channels)


def test_an_alias_that_changes_channel_is_one_move(packaged):
    a, b = packaged.channels[0], packaged.channels[1]
    alias = a.aliases[0]
    new = with_channel(packaged, a.id, aliases=a.aliases[1:])
    new = with_channel(new, b.id, aliases=(*b.aliases, alias))
    assert dirdiff.compare(packaged, new) == (
        Change(Record.CHANNEL, b.id, f"aliases[{alias}]", a.id, b.id, Kind.MOVED),
    )


def test_aliases_added_and_removed(packaged):
    ch = packaged.channels[2]
    new = with_channel(packaged, ch.id, aliases=(*ch.aliases[1:], "新别名"))
    assert dirdiff.compare(packaged, new) == (
        Change(
            Record.CHANNEL, ch.id, f"aliases[{ch.aliases[0]}]", ch.aliases[0], None, Kind.REMOVED
        ),
        Change(Record.CHANNEL, ch.id, "aliases[新别名]", None, "新别名", Kind.ADDED),
    )


def test_an_added_channel_hours_response_and_names(packaged):
    phone = packaged.channel("integrity.phone")
    assert phone is not None and phone.hours is not None
    hours = replace(phone.hours, windows=(m.Window(dt.time(9), dt.time(17)),))
    extra = replace(phone, id="integrity.extra", name_zh="新渠道")
    channels = list(packaged.channels)
    channels.insert(channels.index(phone) + 1, extra)
    new = rebuilt(packaged, channels=tuple(channels))
    new = with_channel(new, "integrity.phone", hours=hours, name_en="Integrity line")
    changes = dirdiff.compare(packaged, new)
    assert [checks.change_line(c).split(TAB) for c in changes] == [
        ["changed", "channel", "integrity.phone", "name_en", phone.name_en, "Integrity line"],
        ["changed", "channel", "integrity.phone", "hours.windows[0]", "08:45-11:30", "09:00-17:00"],
        ["removed", "channel", "integrity.phone", "hours.windows[1]", "13:00-17:00", "-"],
        ["added", "channel", "integrity.extra", "-", "-", "新渠道"],
    ]


def test_response_and_area_changes(packaged):
    ch = next(c for c in packaged.channels if c.response is not None)
    assert ch.response is not None
    new = with_channel(packaged, ch.id, response=None)
    area = packaged.areas[0]
    areas = (replace(area, name_en="IPO review"), *packaged.areas[1:])
    new = rebuilt(new, areas=areas)
    changes = dirdiff.compare(packaged, new)
    assert changes == (
        Change(Record.AREA, area.id, "name_en", area.name_en, "IPO review", Kind.CHANGED),
        Change(
            Record.CHANNEL,
            ch.id,
            "response",
            f"{ch.response.amount} working-days",
            None,
            Kind.REMOVED,
        ),
    )


def test_a_contact_inserted_shifts_nothing_else(packaged):
    ch = packaged.channels[0]
    web = m.Web("https://www.sse.com.cn/new/", "新页面")
    new = with_channel(packaged, ch.id, contacts=(web, *ch.contacts))
    assert dirdiff.compare(packaged, new) == (
        Change(
            Record.CHANNEL,
            ch.id,
            "contacts[0]",
            None,
            "web: https://www.sse.com.cn/new/",
            Kind.ADDED,
        ),
    )


def test_the_title_is_a_directory_change(packaged):
    new = rebuilt(packaged, title_zh="新标题")
    assert dirdiff.compare(packaged, new) == (
        Change(Record.DIRECTORY, "", "title_zh", packaged.title_zh, "新标题", Kind.CHANGED),
    )


def test_summary_words():
    assert checks.diff_summary(()) == "no differences"
    assert checks.diff_summary(THREE[:1]) == "1 difference"
    assert checks.diff_summary(THREE) == "3 differences"


def test_the_drawn_table_in_chinese(run, tmp_path, monkeypatch):
    """The same three changes, in the interface language; plain lines keep their codes."""
    monkeypatch.chdir(tmp_path)
    Path("channels.yaml").write_bytes(DATA.read_bytes())
    edited(tmp_path)
    code, out, _ = run(
        "--lang",
        "zh",
        "--color",
        "always",
        "diff",
        "channels.yaml",
        "my-channels.yaml",
        env={"COLUMNS": "120"},
    )
    assert code == 1
    text = [ANSI.sub("", line).strip() for line in out.splitlines()]
    assert text[2].split() == ["变动", "记录", "字段", "原值", "新值"]
    rows = [line.split()[0] for line in text[4:] if line.split()[:1] in (["删除"], ["修改"])]
    assert rows == ["删除", "修改", "修改"]
    code, plain, _ = run("--lang", "zh", "diff", "channels.yaml", "my-channels.yaml")
    assert [line.split("\t")[0] for line in plain.splitlines()] == ["removed", "changed", "changed"]
