"""The command line as a user sees it: exit codes and exact lines."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sse_channels import __version__, store
from sse_channels.cli.app import app

from .conftest import DATA

TAB = "\t"


def test_version(run):
    assert run("--version") == (
        0,
        f"sse-channels {__version__}\n"
        "directory: transcribed 2026-11-26 · document date not published · links never checked\n",
        "",
    )


def test_the_directory_dates_are_in_every_export(run):
    code, out, _ = run("export", "-f", "json")
    assert code == 0
    assert json.loads(out)["dates"] == {
        "document": None,
        "transcribed": "2026-11-26",
        "checked": None,
    }
    code, out, _ = run("export", "-f", "markdown")
    assert code == 0
    assert out.splitlines()[2] == (
        "*transcribed 2026-11-26 · document date not published · links never checked*"
    )


def test_the_overview_ends_with_the_directory_dates(run):
    code, out, _ = run("--color", "always", env={"COLUMNS": "120", "NO_COLOR": ""})
    assert code == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert plain.rstrip().splitlines()[-1] == (
        "directory: transcribed 2026-11-26 · document date not published · links never checked"
    )


def test_search_plain_lines_when_piped(run):
    code, out, err = run("search", "廉政", "邮箱")
    assert (code, err) == (0, "")
    assert (
        out
        == TAB.join(
            [
                "integrity.email",
                "廉政监督",
                "廉政监督邮箱",
                "ljcyjd@sse.com.cn",
                "",
            ]
        )
        + "\n"
    )
    code, out, _ = run("--lang", "zh", "search", "廉政", "邮箱")
    assert (
        out
        == TAB.join(["integrity.email", "廉政监督", "廉政监督邮箱", "ljcyjd@sse.com.cn", ""]) + "\n"
    )


def test_search_phone_line_has_sequence_and_hours(run):
    code, out, _ = run("search", "7999")
    assert code == 0
    assert out.splitlines()[0] == TAB.join(
        [
            "market-services.hq",
            "市场服务",
            "上市服务咨询（总机）",
            "4008888400 → 6 → 7999 | 上海市浦东新区杨高南路388号",
            "not published",
        ]
    )


@pytest.mark.parametrize(
    ("query", "first"),
    [
        (["投资者热线"], "investor-services.hotline"),
        (["独立董事邮箱"], "listed-co.independent-directors"),
        (["科创板", "做市"], "innovative-products.rules"),
        (["tech_support"], "tech.email"),
        (["+86", "21", "6860", "1281"], "integrity.fax"),
        (["028-60119091"], "market-services.west"),
        (["298643611"], "tech.qq"),
        (["上证行情云"], "tech.hotline"),
    ],
)
def test_search_top_result(run, query, first):
    code, out, _ = run("search", *query)
    assert code == 0
    assert out.split(TAB, 1)[0] == first


def test_search_limit(run):
    code, out, _ = run("search", "债券", "--limit", "2")
    assert code == 0
    assert len(out.splitlines()) == 2


def test_search_json_has_full_record_and_score(run):
    code, out, _ = run("search", "ljcyjd", "--json")
    assert code == 0
    records = json.loads(out)
    assert [r["id"] for r in records] == ["integrity.email"]
    rec = records[0]
    assert rec["score"] > 0
    assert rec["contacts"] == [
        {"type": "email", "address": "ljcyjd@sse.com.cn", "uri": "mailto:ljcyjd@sse.com.cn"}
    ]
    assert rec["source"] == {"row": "廉政监督", "item": "4", "page": 4}
    assert "\\u" not in out  # UTF-8, not escaped


def test_search_nothing_found_exits_1_with_message_on_stderr(run):
    code, out, err = run("search", "qqqqzzzzxxxx")
    assert (code, out) == (1, "")
    assert err.startswith("error: nothing found for 'qqqqzzzzxxxx'")


def test_search_nothing_found_suggests_close_names(run):
    code, _, err = run("search", "监督委员会会议纪要")
    assert code == 1
    assert err.splitlines()[1] == "closest: 廉政监督 · 廉政监督电话 · 廉政监督传真"


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "\u200b"])
def test_empty_query_is_a_usage_error(run, query):
    code, out, err = run("search", query)
    assert (code, out) == (2, "")
    assert "the query is empty" in err


def test_missing_query_is_a_usage_error(run):
    code, _, err = run("search")
    assert code == 2
    assert "Missing argument" in err


def test_show_area_json_lists_its_channels(run):
    code, out, _ = run("show", "廉政监督", "--json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == [
        "integrity.phone",
        "integrity.fax",
        "integrity.letter",
        "integrity.email",
    ]


def test_show_area_plain(run):
    code, out, _ = run("show", "integrity")
    assert code == 0
    assert out.splitlines()[:3] == [
        TAB.join(["integrity.phone", "廉政监督电话"]),
        TAB.join(["", "4008888400 → 6 → 1284"]),
        TAB.join(["", "hours: trading days 08:45-11:30, 13:00-17:00"]),
    ]


def test_show_channel_by_id(run):
    code, out, _ = run("show", "tech.qq", "--json")
    assert code == 0
    (rec,) = json.loads(out)
    assert rec["contacts"][0] == {
        "type": "account",
        "platform": "qq-group",
        "platform_zh": "QQ群",
        "name": "技术服务QQ群",
        "id": "298643611",
    }


def test_list_is_one_channel_per_line(run):
    code, out, _ = run("list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == TAB.join(["ipo-review.rules", "股票发行上市审核", "发行上市审核规则查询"])
    assert lines[-1] == TAB.join(
        ["certificates.cnsca", "数字证书（EKey）", "EKey 数字证书网站（cnsca.sse.com.cn）"]
    )
    assert len(lines) == len({line.split(TAB)[0] for line in lines})


def test_list_area_filter_and_unknown_area(run):
    code, out, _ = run("list", "--area", "信访举报")
    assert code == 0
    assert [x.split(TAB)[0] for x in out.splitlines()] == [
        "petitions.phone",
        "petitions.letter",
        "petitions.email",
        "petitions.reception",
    ]
    code, _, err = run("list", "--area", "nowhere")
    assert code == 1
    assert "no area 'nowhere'" in err


def test_overview_without_arguments(run):
    code, out, _ = run()
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 14
    assert lines[-2] == TAB.join(
        [
            "integrity",
            "廉政监督",
            "4008888400 → 6 → 1284",
            "ljcyjd@sse.com.cn",
        ]
    )
    assert lines[-1] == TAB.join(
        [
            "certificates",
            "数字证书（EKey）",
            "-",
            "https://cnsca.sse.com.cn/",
        ]
    )


def test_open_print(run):
    assert run("open", "--print", "上证债券信息网") == (0, "http://bond.sse.com.cn/home/\n", "")


# --------------------------------------------------------------------------- export


def test_export_csv_has_bom_and_chinese(run, tmp_path):
    target = tmp_path / "sse.csv"
    code, _, err = run("export", "--format", "csv", "-o", str(target))
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    bond = next(r for r in rows if r["id"] == "bond-review.phone")
    assert (bond["contact"], bond["value"]) == ("phone", "4008888400 → 6 → 1959")
    assert bond["tel"] == "tel:+864008888400,6,1959"
    assert bond["area_zh"] == "债券审核监管"
    # One row per contact point: both investor branches, the fax and the QQ group are there.
    hotline = [(r["label"], r["value"]) for r in rows if r["id"] == "investor-services.hotline"]
    assert hotline == [
        ("咨询", "4008888400 → 1 → 1"),
        ("投诉和建议", "4008888400 → 1 → 2"),
    ]
    fax = next(r for r in rows if r["contact"] == "fax")
    assert (fax["id"], fax["value"], fax["tel"]) == (
        "integrity.fax",
        "021-68601281",
        "tel:+862168601281",
    )
    qq = next(r for r in rows if r["contact"] == "qq-group")
    assert (qq["id"], qq["value"]) == ("tech.qq", "QQ群 技术服务QQ群 (298643611)")
    assert {r["id"] for r in rows} == {c.id for c in store.load()[0].channels}
    # The hours sit on the point they belong to: the hotline found in the system, not 转 1.
    ined = [
        (r["contact"], r["hours"]) for r in rows if r["id"] == "listed-co.independent-directors"
    ]
    assert ined == [("phone", "not published"), ("via", "trading days 08:30-11:30, 13:30-17:00")]
    assert bond["hours"] == "trading days 08:45-11:30, 13:00-17:00"


def test_export_refuses_to_overwrite_without_force(run, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("precious", encoding="utf-8")
    code, _, err = run("export", "--format", "json", "-o", str(target))
    assert code == 2
    assert "exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "precious"
    code, _, _ = run("export", "--format", "json", "-o", str(target), "--force")
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["channels"][0]["id"] == "ipo-review.rules"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]  # no temporary file left


def test_export_vcard_reads_back(run):
    vobject = pytest.importorskip("vobject")
    code, out, _ = run("export", "--format", "vcard")
    assert code == 0
    cards = list(vobject.readComponents(out))
    by_uid = {c.uid.value: c for c in cards}
    bond = by_uid["urn:sse-channels:bond-review.phone"]
    # TEL is a phone number, written without backslashes; vobject decodes every property as
    # text and would stop at the first comma, so the line itself is read back
    raw = [vobject.base.textLineToContentLine(x) for x in out.splitlines() if "TEL;" in x]
    assert "+864008888400,6,1959" in [t.value for t in raw]
    assert "4008888400 → 6 → 1959" in bond.note.value
    assert "08:45-11:30, 13:00-17:00" in bond.note.value
    fax = by_uid["urn:sse-channels:integrity.fax"]
    assert fax.tel.value == "+862168601281"
    letter = by_uid["urn:sse-channels:integrity.letter"]
    assert letter.adr.value.code == "200127"
    assert by_uid["urn:sse-channels:tech.email"].email.value == "tech_support@sse.com.cn"
    rules = by_uid["urn:sse-channels:ipo-review.rules"]  # a page of links: a card with URLs
    assert [u.value for u in rules.contents["url"]] == [
        "http://www.sse.com.cn/lawandrules/sselawsrules/stocks/review/firstepisode/",
        "http://www.sse.com.cn/lawandrules/guide/stock/fxsssh/",
    ]
    ekey = [c for c in cards if "https://cnsca.sse.com.cn/" in _urls(c)]
    assert ekey and all("EKey" in c.note.value for c in ekey)
    # Nothing a phone can hold (a QQ group, a radio programme, a visit booked in person): no card.
    assert "urn:sse-channels:tech.qq" not in by_uid
    assert "urn:sse-channels:investor-services.radio" not in by_uid
    assert len(cards) == 52  # with the certificate centre's site


def _urls(card) -> list[str]:
    return [u.value for u in card.contents.get("url", [])]


def test_export_markdown(run):
    code, out, _ = run("export", "--format", "markdown")
    assert code == 0
    assert "## 廉政监督 (Integrity supervision)" in out
    assert "| 廉政监督传真 | fax 021-68601281 | — |" in out


# --------------------------------------------------------------------------- user data


def test_validate_packaged_file(run):
    code, out, _ = run("validate", str(DATA))
    assert code == 0
    layer = store.load_topics()
    assert layer is not None  # the topic layer next to the file is checked with it
    assert out == (
        f"{DATA}: valid (14 areas, 64 channels)\n"
        f"{DATA.parent / 'topics.yaml'}: valid"
        f" ({len(layer.topics)} topics, {len(layer.places)} places)\n"
    )


def test_validate_reports_each_problem_with_line(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    text = DATA.read_text(encoding="utf-8")
    text = text.replace("address: gzrx@sse.com.cn", "address: gzrx-at-sse").replace(
        'number: "18918200578"', 'number: "1891820"'
    )
    bad.write_text(text, encoding="utf-8")
    code, out, err = run("validate", str(bad))
    assert code == 1
    rows = text.splitlines()
    phone_line = rows.index('        number: "1891820"') + 1
    mail_line = rows.index("        address: gzrx-at-sse") + 1
    assert out.splitlines() == [
        f"{bad}:{phone_line}: channels[37].contacts[0].number: malformed phone number"
        " (expected e.g. 4008888400, 021-68601281 or 18918200578): '1891820'",
        f"{bad}:{mail_line}: channels[40].contacts[0].address: malformed e-mail address:"
        " 'gzrx-at-sse'",
    ]
    assert err == f"2 problem(s) in {bad}\n"


def _user_data(tmp_path: Path, name: str) -> Path:
    quoted = json.dumps(name, ensure_ascii=False)
    text = DATA.read_text(encoding="utf-8").replace("name_zh: 廉政监督邮箱", f"name_zh: {quoted}")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_data_option_and_environment_variable(run, tmp_path):
    path = _user_data(tmp_path, "纪检邮箱（新）")
    code, out, _ = run("--data", str(path), "search", "ljcyjd")
    assert code == 0
    assert out.split(TAB)[2] == "纪检邮箱（新）"  # piped: the Chinese name in every language
    code, out, _ = run("search", "ljcyjd", env={"SSE_CHANNELS_DATA": str(path)})
    assert out.split(TAB)[2] == "纪检邮箱（新）"


def test_markup_in_data_is_printed_literally(run, tmp_path):
    path = _user_data(tmp_path, "[red]廉政[/red] [link=http://x]邮箱[/link]")
    # Wide enough for the name on one line (a narrower cell breaks before the link-like token).
    env = {"COLUMNS": "120"}
    code, out, _ = run("--data", str(path), "--color", "always", "search", "ljcyjd", env=env)
    assert code == 0
    assert "[red]廉政[/red]" in out
    assert "[link=http://x]" in out


def test_bad_data_file_is_exit_1_with_location(run, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("schema: 1\nareas: [\n", encoding="utf-8")
    code, out, err = run("--data", str(path), "search", "债券")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}:3: YAML syntax error")


def test_nothing_close_still_says_where_to_look(run):
    code, out, err = run("search", "qqqqzzzz")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: nothing found for 'qqqqzzzz'",
        "try a few characters of an area or channel: `sse-channels` lists the areas",
    ]


def _completions(words: str) -> list[str]:
    env = {
        "_SSE_CHANNELS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="sse-channels")
    return result.stdout.split()


def test_completion_offers_areas_and_channels_for_a_query():
    assert _completions("sse-channels search bond-review")[:3] == [
        "bond-review",
        "bond-review.rules",
        "bond-review.bms",
    ]


def test_completion_of_area_offers_only_what_area_accepts():
    assert _completions("sse-channels list --area b") == ["bond-review"]
    assert _completions("sse-channels list --area 投") == ["投资者服务"]


@pytest.mark.parametrize(
    "words",
    [["投诉"], ["我想投诉券商怎么办"], ["report", "insider", "trading"], ["jubao"], ["7999"]],
    ids=lambda w: " ".join(w),
)
def test_a_bare_query_searches(run, words):
    assert run(*words) == run("search", *words)
    assert run(*words)[0] == 0


def test_a_bare_query_takes_the_search_options(run):
    code, out, _ = run("投诉", "--json", "-n", "1")
    assert code == 0
    assert [x["id"] for x in json.loads(out)] == [
        json.loads(run("search", "投诉", "--json", "-n", "1")[1])[0]["id"]
    ]


@pytest.mark.parametrize(("typo", "meant"), [("serach", "search"), ("exprot", "export")])
def test_a_mistyped_command_is_still_a_usage_error(run, typo, meant):
    code, out, err = run(typo, "债券")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: No such command '{typo}'. Did you mean '{meant}'?"


def test_a_command_name_stays_a_command(run):
    code, out, _ = run("list", "--area", "integrity")
    assert code == 0
    assert out.splitlines()[0].split(TAB)[0] == "integrity.phone"


def test_csv_cells_a_spreadsheet_would_run_are_quoted(run, tmp_path):
    text = (
        (DATA)
        .read_text(encoding="utf-8")
        .replace("name_en: Integrity supervision phone line", "name_en: =HYPERLINK(1)", 1)
    )
    edited = tmp_path / "c.yaml"
    edited.write_text(text, encoding="utf-8")
    code, out, _ = run("--data", str(edited), "export", "-f", "csv", "--encoding", "utf-8")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    phone = next(r for r in rows if r[0] == "integrity.phone")
    assert phone[3] == "'=HYPERLINK(1)"
    assert phone[7] == "tel:+864008888400,6,1284"


def test_the_overview_labels_the_general_hotline_menu(run):
    """上市公司监管 has no desk line of its own: the main line is the general hotline's menu."""
    code, out, _ = run()
    assert code == 0
    rows = {x.split(TAB)[0]: x.split(TAB) for x in out.splitlines()}
    assert rows["listed-co"][2] == "4008888400 → 1 (服务热线转 1)"  # piped: the data's label
    assert rows["bond-review"][2] == "4008888400 → 6 → 1959"  # a desk's own line: no label


@pytest.mark.parametrize(
    "args",
    [["search", "zzqqxx"], ["show", "zzqqxx"], ["dial", "zzqqxx"], ["due", "zzqqxx"],
     ["hours", "zzqqxx"], ["list", "--area", "zzqqxx"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_json_with_no_match_is_an_empty_list(run, args):
    code, out, err = run(*args, "--json")
    assert (code, out) == (1, "[]\n")
    assert err.startswith("error: ")


@pytest.mark.parametrize(
    "args",
    [["search", "债券"], ["show", "integrity"], ["list"], ["dial", "债券"],
     ["due", "申报前", "--from", "2026-09-28"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_every_command_names_a_channel_the_same_way_in_json(run, args):
    code, out, _ = run(*args, "--json")
    assert code == 0
    for entry in json.loads(out):
        assert set(entry) >= {"id", "name_zh", "name_en", "area"}
        assert "channel" not in entry
        assert set(entry["area"]) == {"id", "name_zh", "name_en"}
        assert entry["id"].startswith(entry["area"]["id"] + ".")


def test_hours_json_names_its_lines_like_the_other_commands(run):
    code, out, _ = run("hours", "--at", "2026-11-26T10:00", "--json")
    assert code == 0
    line = json.loads(out)["lines"][0]
    assert (line["id"], line["area"]["id"]) == ("ipo-review.phone", "ipo-review")


def test_csv_into_a_pipe_has_no_bom_and_into_a_file_has_one(tmp_path):
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("sse-channels"))
    piped = subprocess.run([exe, "export", "-f", "csv"], capture_output=True, check=True).stdout
    assert piped.startswith(b"id,area_zh,")
    target = tmp_path / "o.csv"
    with target.open("wb") as f:
        subprocess.run([exe, "export", "-f", "csv"], stdout=f, check=True)
    assert target.read_bytes() == b"\xef\xbb\xbf" + piped
    explicit = subprocess.run(
        [exe, "export", "-f", "csv", "--encoding", "utf-8-sig"], capture_output=True, check=True
    ).stdout
    assert explicit.startswith(b"\xef\xbb\xbf")  # asked for by name: given


def test_completion_matches_pinyin_and_initials():
    assert _completions("sse-channels dial tou")[:3] == [
        "投资者服务",
        "投资者服务热线",
        "投资者服务邮箱",
    ]
    assert _completions("sse-channels dial tzzfwrx") == ["投资者服务热线"]
    assert _completions("sse-channels list --area zhaiq") == ["债券审核监管"]
