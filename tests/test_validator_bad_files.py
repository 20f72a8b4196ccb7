"""The validator against bad directory files: every problem reported with its file, line and
field, none executed, none fatal."""

from pathlib import Path
from typing import NamedTuple

import pytest

from sse_channels.directory import parse as data
from sse_channels.errors import DataError, Problem

from .conftest import DATA

# ----------------------------------------------------------------------------- 6. validation


def test_packaged_file_validates():
    assert data.validate_file(DATA) == []


def test_packaged_resource_is_the_repository_file():
    assert data.packaged_bytes() == DATA.read_bytes()


# One area, one channel: the smallest document the validator accepts. Bad files alter it.
MINIMAL = """\
schema: 1
title_zh: 渠道一览表
source_document_zh: 行动方案（附件）
ekey_url: https://cnsca.sse.com.cn/
areas:
  - id: integrity
    name_zh: 廉政监督
    name_en: Integrity supervision
    aliases: [廉政]
channels:
"""
CHANNEL = """\
  - id: integrity.phone
    area: integrity
    kind: phone
    name_zh: 廉政监督电话
    name_en: Integrity phone line
    summary_zh: 廉政监督电话。
    summary_en: The integrity line.
    aliases: [廉政电话]
    audience: [public]
    contacts:
      - type: phone
        number: "4008888400"
        routes:
          - steps: ["6", "1284"]
    hours: {days: trading-days, windows: ["08:45-11:30", "13:00-17:00"]}
    source: {row: 廉政监督, item: "1", page: 4}
"""
VALID = MINIMAL + CHANNEL
EXTRA_CONTACT_AT = '          - steps: ["6", "1284"]\n'


def line_of(text: str, needle: str, nth: int = -1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert lines, f"{needle!r} is not in the document"
    return lines[nth]


def test_minimal_document_is_valid(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert data.validate_file(path) == []
    loaded = data.load_file(path)
    assert [a.id for a in loaded.areas] == ["integrity"]
    assert [ch.id for ch in loaded.channels] == ["integrity.phone"]


class Bad(NamedTuple):
    """A bad document: VALID with `old` replaced by `new`, and the one problem it must cause.

    `at` is text on the line the problem must point to (its last occurrence in the bad file).
    `{marker}` in `new` becomes a path the test checks was never created.
    """

    id: str
    old: str
    new: str
    field: str
    at: str
    message: str
    reported_at: str | None = None  # where the validator points today, when that is not `at`


def contact(text: str) -> str:
    """`text` as a second contact of the channel."""
    return EXTRA_CONTACT_AT + text


BAD = [
    Bad(
        "hours-published-not-a-boolean",
        '        number: "4008888400"\n',
        '        number: "4008888400"\n        hours_published: "no"\n',
        "channels[0].contacts[0].hours_published",
        'hours_published: "no"',
        "expected true or false, got a string",
    ),
    Bad(
        "yaml-syntax",
        "name_en: Integrity supervision",
        "name_en: Integrity: supervision",
        "",
        "Integrity: supervision",
        "YAML syntax error",
    ),
    Bad(
        "yaml-unclosed-flow",
        "aliases: [廉政电话]",
        "aliases: [廉政电话",
        "",
        "audience: [public]",
        "YAML syntax error",
    ),
    Bad(
        "unknown-key",
        "    hours: {",
        "    hour: {",
        "channels[0].hour",
        "hour: {",
        "unknown key (did you mean 'hours'?)",
    ),
    Bad(
        "unknown-top-key",
        "ekey_url:",
        "ekey_ulr:",
        "ekey_ulr",
        "ekey_ulr:",
        "unknown key (did you mean 'ekey_url'?)",
    ),
    Bad(
        "missing-key",
        "    name_en: Integrity phone line\n",
        "",
        "channels[0].name_en",
        "- id: integrity.phone",
        "missing required key",
    ),
    Bad(
        "missing-top-key",
        "title_zh: 渠道一览表\n",
        "",
        "title_zh",
        "schema: 1",
        "missing required key",
    ),
    Bad(
        "phone-as-int",
        'number: "4008888400"',
        "number: 4008888400",
        "channels[0].contacts[0].number",
        "number: 4008888400",
        "expected a string, got an integer (quote it)",
    ),
    Bad(
        "page-as-string",
        "page: 4}",
        'page: "4"}',
        "channels[0].source.page",
        'page: "4"}',
        "expected an integer, got a string",
    ),
    Bad(
        "duplicate-channel-id",
        CHANNEL,
        CHANNEL + CHANNEL,
        "channels[1].id",
        "- id: integrity.phone",
        "duplicate channel id 'integrity.phone'",
    ),
    Bad(
        "duplicate-key",
        "    name_zh: 廉政监督电话\n",
        "    name_zh: 廉政监督电话\n    name_zh: 又一个名字\n",
        "channels[0].name_zh",
        "又一个名字",
        "duplicate key",
    ),
    Bad(
        "malformed-phone",
        '"4008888400"',
        '"400-888-8400"',
        "channels[0].contacts[0].number",
        "400-888-8400",
        "malformed phone number",
    ),
    Bad(
        "malformed-phone-letters",
        '"4008888400"',
        '"400888840O"',
        "channels[0].contacts[0].number",
        "400888840O",
        "malformed phone number",
    ),
    Bad(
        "malformed-ivr-step",
        '["6", "1284"]',
        '["6", "分机1284"]',
        "channels[0].contacts[0].routes[0].steps[1]",
        "分机1284",
        "malformed IVR step",
    ),
    Bad(
        "malformed-email",
        EXTRA_CONTACT_AT,
        contact("      - type: email\n        address: ljcyjd(at)sse.com.cn\n"),
        "channels[0].contacts[1].address",
        "ljcyjd(at)",
        "malformed e-mail address",
    ),
    Bad(
        "malformed-url",
        EXTRA_CONTACT_AT,
        contact("      - type: web\n        url: www.sse.com.cn/rules/\n        title_zh: 规则\n"),
        "channels[0].contacts[1].url",
        "www.sse.com.cn/rules/",
        "malformed URL",
    ),
    Bad(
        "unknown-source-derivation",
        'source: {row: 廉政监督, item: "1", page: 4}',
        'source: {row: 廉政监督, item: "1", page: 4, derived: table}',
        "channels[0].source.derived",
        "derived: table",
        "unknown value 'table'; allowed: links",
    ),
    Bad(
        "malformed-ekey-url",
        "ekey_url: https://cnsca.sse.com.cn/",
        "ekey_url: cnsca.sse.com.cn",
        "ekey_url",
        "ekey_url:",
        "malformed URL",
    ),
    Bad(
        "malformed-postcode",
        EXTRA_CONTACT_AT,
        contact("      - type: address\n        text_zh: 上海\n        postcode: '20012'\n"),
        "channels[0].contacts[1].postcode",
        "20012",
        "malformed postal code",
    ),
    Bad(
        "malformed-window",
        '"13:00-17:00"',
        '"13:00-1700"',
        "channels[0].hours.windows[1]",
        "13:00-1700",
        "malformed time window",
    ),
    Bad(
        "window-hour-25",
        '"13:00-17:00"',
        '"13:00-25:00"',
        "channels[0].hours.windows[1]",
        "13:00-25:00",
        "malformed time window",
    ),
    Bad(
        "window-ends-before-start",
        '"13:00-17:00"',
        '"17:00-13:00"',
        "channels[0].hours.windows[1]",
        "17:00-13:00",
        "ends before it starts",
    ),
    Bad(
        "window-empty",
        '"13:00-17:00"',
        '"13:00-13:00"',
        "channels[0].hours.windows[1]",
        "13:00-13:00",
        "ends before it starts",
    ),
    Bad(
        "unknown-kind",
        "kind: phone",
        "kind: telephone",
        "channels[0].kind",
        "kind: telephone",
        "unknown value 'telephone'; allowed: rules, system",
    ),
    Bad(
        "unknown-audience",
        "audience: [public]",
        "audience: [everyone]",
        "channels[0].audience[0]",
        "audience: [everyone]",
        "unknown value 'everyone'",
    ),
    Bad(
        "unknown-day-basis",
        "days: trading-days",
        "days: weekdays",
        "channels[0].hours.days",
        "days: weekdays",
        "unknown value 'weekdays'",
    ),
    Bad(
        "unknown-contact-type",
        "      - type: phone",
        "      - type: telephone",
        "channels[0].contacts[0].type",
        "type: telephone",
        "unknown contact type 'telephone'",
    ),
    Bad(
        "unknown-area",
        "  - id: integrity.phone\n    area: integrity\n",
        "  - id: integrty.phone\n    area: integrty\n",
        "channels[0].area",
        "area: integrty",
        "unknown area 'integrty'",
        reported_at="- id: integrty.phone",
    ),
    Bad(
        "id-not-in-its-area",
        "  - id: integrity.phone",
        "  - id: petitions.phone",
        "channels[0].id",
        "id: petitions.phone",
        "must start with its area 'integrity'",
    ),
    Bad(
        "via-unknown-channel",
        EXTRA_CONTACT_AT,
        contact(
            "      - type: via\n        what_zh: 联系方式\n        where_zh: 某系统\n"
            "        channel: integrity.nowhere\n"
        ),
        "channels[0].contacts[1].channel",
        "channel: integrity.nowhere",
        "refers to unknown channel 'integrity.nowhere'",
        reported_at="- id: integrity.phone",
    ),
    Bad(
        "python-tag",
        'number: "4008888400"',
        'number: !!python/object/apply:os.system ["touch {marker}"]',
        "channels[0].contacts[0].number",
        "!!python/object/apply",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    Bad(
        "python-tag-document",
        VALID,
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        "",
        "!!python/object/apply",
        "is not allowed",
    ),
    Bad(
        "anchor-alias",
        "aliases: [廉政电话]",
        "aliases: *names",
        "channels[0].aliases",
        "aliases: *names",
        "YAML anchors and aliases are not supported",
        reported_at="aliases: &names",
    ),
    Bad(
        "top-level-list",
        VALID,
        "- one\n- two\n",
        "",
        "- one",
        "expected a mapping, got a list",
    ),
    Bad(
        "schema-version",
        "schema: 1",
        "schema: 2",
        "schema",
        "schema: 2",
        "unsupported schema 2",
    ),
]


def _bad_document(case: Bad, marker: Path) -> str:
    assert VALID.count(case.old) == 1, case.old
    text = VALID.replace(case.old, case.new.replace("{marker}", str(marker)))
    if case.id == "anchor-alias":
        text = text.replace("aliases: [廉政]", "aliases: &names [廉政]")
    return text


def _only_problem(path: Path) -> Problem:
    problems = data.validate_file(path)
    assert len(problems) == 1, problems
    with pytest.raises(DataError) as raised:
        data.load_file(path)
    assert raised.value.problems == tuple(problems)
    return problems[0]


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_file_is_reported_with_file_line_and_field(tmp_path, case):
    marker = tmp_path / "executed"
    path = tmp_path / f"{case.id}.yaml"
    text = _bad_document(case, marker)
    path.write_text(text, encoding="utf-8")

    problem = _only_problem(path)

    assert not marker.exists()
    assert problem.file == str(path)
    assert problem.field == case.field
    assert case.message in problem.message
    expected = {line_of(text, case.at)}
    if case.reported_at is not None:  # see test_problem_line_is_the_offending_line
        expected.add(line_of(text, case.reported_at))
    assert problem.line in expected
    where = f"{path}:{problem.line}: "
    assert str(problem).startswith(where + (f"{case.field}: " if case.field else ""))


IMPRECISE = [c for c in BAD if c.reported_at is not None]


@pytest.mark.parametrize("case", IMPRECISE, ids=[c.id for c in IMPRECISE])
def test_problem_line_is_the_offending_line(tmp_path, case):
    path = tmp_path / f"{case.id}.yaml"
    text = _bad_document(case, tmp_path / "executed")
    path.write_text(text, encoding="utf-8")
    assert _only_problem(path).line == line_of(text, case.at)


def test_python_tag_is_not_executed_on_load(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "evil.yaml"
    path.write_text(
        VALID.replace('"4008888400"', f'!!python/object/apply:os.system ["touch {marker}"]'),
        encoding="utf-8",
    )
    with pytest.raises(DataError):
        data.load_file(path)
    assert not marker.exists()


class BadFile(NamedTuple):
    id: str
    content: bytes | None  # None: do not create the path
    line: int | None
    message: str


BAD_FILES = [
    BadFile(
        "invalid-utf8-byte",
        VALID.encode().replace(b"Integrity phone line", b"Integrity \xff phone line"),
        line_of(VALID, "Integrity phone line"),
        "not UTF-8",
    ),
    BadFile("gbk-encoded", VALID.encode("gbk"), 2, "not UTF-8"),
    BadFile("empty", b"", None, "the file is empty"),
    BadFile("only-comments", b"# nothing here\n", None, "the file is empty"),
    BadFile("missing", None, None, "no such file"),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[c.id for c in BAD_FILES])
def test_unreadable_file_is_reported(tmp_path, case):
    path = tmp_path / f"{case.id}.yaml"
    if case.content is not None:
        path.write_bytes(case.content)
    problem = _only_problem(path)
    assert (problem.file, problem.line, problem.field) == (str(path), case.line, "")
    assert case.message in problem.message
    where = str(path) if case.line is None else f"{path}:{case.line}"
    assert str(problem) == f"{where}: {problem.message}"


def test_directory_is_reported(tmp_path):
    problem = _only_problem(tmp_path)
    assert (problem.file, problem.line, problem.field) == (str(tmp_path), None, "")
    assert "is a directory" in problem.message


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(VALID.encode("utf-8-sig"))
    assert data.validate_file(path) == []
