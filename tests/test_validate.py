"""`validate` checks the topic layer with the directory: the topics.yaml next to the file, found
as the search finds it, each problem with its file and line, the same exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sse_channels import store

from .conftest import DATA

TOPICS = DATA.parent / "topics.yaml"


def _sizes() -> tuple[int, int]:
    layer = store.load_topics()
    assert layer is not None
    return len(layer.topics), len(layer.places)


def _copy(tmp_path: Path, topics: str | None = None, channels: str | None = None) -> Path:
    """A directory file in a folder of its own, with a topics.yaml beside it (None: the
    packaged one's text)."""
    data = tmp_path / "channels.yaml"
    data.write_text(channels or DATA.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "topics.yaml").write_text(
        topics if topics is not None else TOPICS.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return data


def _line(text: str, needle: str) -> int:
    """The 1-based line of the only line that holds `needle`."""
    (n,) = [i for i, row in enumerate(text.splitlines(), 1) if needle in row]
    return n


def test_the_packaged_data_validates_both_files(run):
    topics, places = _sizes()
    code, out, err = run("validate")
    assert (code, err) == (0, "")
    assert out == (
        "channels.yaml: valid (14 areas, 64 channels)\n"
        f"topics.yaml: valid ({topics} topics, {places} places)\n"
    )


def test_the_data_option_names_the_file_to_validate(run, tmp_path):
    data = _copy(tmp_path)
    topics, places = _sizes()
    code, out, err = run("--data", str(data), "validate")
    assert (code, err) == (0, "")
    assert out == (
        f"{data}: valid (14 areas, 64 channels)\n"
        f"{tmp_path / 'topics.yaml'}: valid ({topics} topics, {places} places)\n"
    )


def test_valid_in_chinese(run, tmp_path):
    data = _copy(tmp_path)
    topics, places = _sizes()
    code, out, _ = run("--lang", "zh", "validate", str(data))
    assert code == 0
    assert out == (
        f"{data}：校验通过（14 个业务领域，64 个渠道）\n"
        f"{tmp_path / 'topics.yaml'}：校验通过（{topics} 个主题，{places} 个地名）\n"
    )


def test_a_file_without_topics_next_to_it_is_checked_alone(run, tmp_path):
    data = tmp_path / "mine.yaml"
    data.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("validate", str(data))
    assert (code, out, err) == (0, f"{data}: valid (14 areas, 64 channels)\n", "")


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, Path, str]:
    text = TOPICS.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    data = _copy(tmp_path, topics=text)
    return data, tmp_path / "topics.yaml", text


def test_an_unknown_channel_id(run, tmp_path):
    data, topics, text = _broken(
        tmp_path,
        '    desk: {channel: petitions.phone, route: ["1", "3"]}\n'
        "    also: [petitions.email, petitions.letter, petitions.reception]\n"
        "    audience: [public]\n"
        "    source:\n"
        "      law: 证券法第五十四条",
        '    desk: {channel: petitions.fone, route: ["1", "3"]}\n'
        "    also: [petitions.email, petitions.letter, petitions.reception]\n"
        "    audience: [public]\n"
        "    source:\n"
        "      law: 证券法第五十四条",
    )
    code, out, err = run("validate", str(data))
    line = _line(text, "petitions.fone")
    assert (code, err) == (1, f"1 problem(s) in {topics}\n")
    assert out == (
        f"{topics}:{line}: topics[1].desk.channel: no channel 'petitions.fone' in the directory\n"
    )


def test_a_missing_source(run, tmp_path):
    text = TOPICS.read_text(encoding="utf-8")
    start = text.index("  - id: manipulation")
    source = text.index("    source:\n", start)
    end = text.index("\n\n", source)
    text = text[:source] + text[end + 1 :]
    data = _copy(tmp_path, topics=text)
    code, out, err = run("validate", str(data))
    topics = tmp_path / "topics.yaml"
    assert (code, err) == (1, f"1 problem(s) in {topics}\n")
    assert (
        out
        == f"{topics}:{_line(text, '- id: manipulation')}: topics[2].source: missing required key\n"
    )


def test_a_term_of_two_topics(run, tmp_path):
    data, topics, text = _broken(
        tmp_path, "terms: [内幕交易, 内幕信息,", "terms: [内幕交易, 老鼠仓, 内幕信息,"
    )
    code, out, err = run("validate", str(data))
    assert (code, err) == (1, f"1 problem(s) in {topics}\n")
    assert out == (
        f"{topics}:{_line(text, '- id: non-public-info')}: topics[non-public-info].terms:"
        " term '老鼠仓' is also in 'insider-trading'\n"
    )


def test_broken_yaml_is_reported_where_the_construct_opens(run, tmp_path):
    data, topics, text = _broken(tmp_path, "audience: [public]\n", "audience: [public\n")
    code, out, err = run("validate", str(data))
    opened = text.splitlines().index("    audience: [public") + 1
    assert (code, err) == (1, f"1 problem(s) in {topics}\n")
    assert out == (
        f"{topics}:{opened + 1}: YAML syntax error: while parsing a flow sequence did not find"
        f" expected ',' or ']' (the construct opened on line {opened})\n"
    )


def test_problems_of_both_files_are_reported_and_counted_per_file(run, tmp_path):
    channels = DATA.read_text(encoding="utf-8").replace(
        "address: gzrx@sse.com.cn", "address: gzrx-at-sse"
    )
    topics_text = TOPICS.read_text(encoding="utf-8").replace("\nschema: 1\n", "\nschema: [\n", 1)
    data = _copy(tmp_path, topics=topics_text, channels=channels)
    topics = tmp_path / "topics.yaml"
    code, out, err = run("validate", str(data))
    assert code == 1
    mail = _line(channels, "address: gzrx-at-sse")
    lines = out.splitlines()
    assert lines[0] == (
        f"{data}:{mail}: channels[40].contacts[0].address: malformed e-mail address: 'gzrx-at-sse'"
    )
    opened = _line(topics_text, "schema: [")
    assert lines[1:] == [
        f"{topics}:{opened + 3}: YAML syntax error: while parsing a flow sequence did not find"
        f" expected ',' or ']' (the construct opened on line {opened})"
    ]
    assert err == f"1 problem(s) in {data}; 1 problem(s) in {topics}\n"


def test_while_the_directory_is_invalid_topics_are_checked_for_syntax_only(run, tmp_path):
    """The topics point at channels of the directory: against a broken one every id would be
    a problem, so only the directory's are reported until it is valid."""
    channels = DATA.read_text(encoding="utf-8").replace(
        "address: gzrx@sse.com.cn", "address: gzrx-at-sse"
    )
    data, _, _ = _broken(tmp_path, "channel: petitions.phone,", "channel: petitions.fone,")
    data.write_text(channels, encoding="utf-8")
    code, out, err = run("validate", str(data))
    mail = _line(channels, "address: gzrx-at-sse")
    assert (code, err) == (1, f"1 problem(s) in {data}\n")
    assert out == (
        f"{data}:{mail}: channels[40].contacts[0].address: malformed e-mail address:"
        " 'gzrx-at-sse'\n"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_json_form_names_each_problems_file(lang, tmp_path):
    from sse_channels import api
    from sse_channels.cli import click_text as i18n
    from sse_channels.output.as_json import json_value

    data, topics, text = _broken(
        tmp_path, "terms: [内幕交易, 内幕信息,", "terms: [内幕交易, 老鼠仓, 内幕信息,"
    )
    i18n.set_language(lang)
    value = json_value(api.validate(str(data)))
    assert value == {
        "file": str(data),
        "valid": False,
        "areas": 14,
        "channels": 64,
        "problems": [
            {
                "file": str(topics),
                "line": _line(text, "- id: non-public-info"),
                "field": "topics[non-public-info].terms",
                "message": "term '老鼠仓' is also in 'insider-trading'",
            }
        ],
        "topics": {"file": str(topics), "topics": 0, "places": 0},
    }


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe", ":1: not UTF-8 (bad byte at offset 0)"),
        (b"", ": the file is empty"),
        (None, ": is a directory, not a YAML file"),
    ],
    ids=["not-utf8", "empty", "directory"],
)
def test_an_unreadable_topic_file_is_a_problem_not_a_traceback(run, tmp_path, content, problem):
    data = _copy(tmp_path)
    topics = tmp_path / "topics.yaml"
    if content is None:
        topics.unlink()
        topics.mkdir()
    else:
        topics.write_bytes(content)
    code, out, err = run("validate", str(data))
    # A file that cannot be read at all is one message; a bad byte has a line, and a count.
    count = f"1 problem(s) in {topics}\n" if content else ""
    assert (code, out, err) == (1, f"{topics}{problem}\n", count)
