"""What the README states about output is what the tool prints."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_shows_a_tel_as_vcard_writes_it(run):
    shown = re.search(r"`(TEL;TYPE=WORK,VOICE:[^`]*)`", README)
    assert shown is not None
    _, out, _ = run("export", "-f", "vcard", "债券")
    assert shown[1] in out.splitlines()
    assert not [x for x in out.splitlines() if x.startswith("TEL") and "\\" in x]


def test_the_readme_names_the_keys_of_diff_json(run, tmp_path):
    new = tmp_path / "channels.yaml"
    text = (REPO / "data" / "channels.yaml").read_text(encoding="utf-8")
    new.write_text(text.replace("bondsse@sse.com.cn", "bondsse2@sse.com.cn"), encoding="utf-8")
    shutil.copy(REPO / "data" / "topics.yaml", tmp_path / "topics.yaml")
    code, out, _ = run("diff", str(REPO / "data" / "channels.yaml"), str(new), "--json")
    assert code == 1
    (change,) = json.loads(out)
    keys = re.search(r"under the keys ((?:`\w+`,?\s*)+)", README)
    assert keys is not None
    assert list(change) == re.findall(r"`(\w+)`", keys[1])


# Each test below quotes the README's sentence (whitespace as in running text) and checks it.
TEXT = " ".join(README.split())
README_ZH = (REPO / "README.zh-CN.md").read_text(encoding="utf-8")
COMMANDS = ("search", "show", "list", "dial", "hours", "due", "open", "export", "validate")
COMMANDS += ("check-links", "diff", "serve")
READ_COMMANDS = {
    "search": ["search", "债券"],
    "show": ["show", "廉政监督"],
    "list": ["list"],
    "dial": ["dial", "债券", "--at", "2026-11-26T10:00"],
    "hours": ["hours", "--at", "2026-11-26T10:00"],
    "due": ["due", "申报前", "--from", "2026-09-28"],
}


def says(*phrases: str) -> None:
    """The README still says this (so the test checks a statement it makes)."""
    for phrase in phrases:
        assert " ".join(phrase.split()) in TEXT, phrase


def _terminal(monkeypatch) -> None:
    from sse_channels.output import stdio

    monkeypatch.setattr(stdio, "is_tty", lambda: True)


def test_piped_results_are_tab_separated_lines_without_colour_or_box_drawing(run):
    says("piped, they are tab-separated lines with no colour or box drawing")
    code, out, _ = run("search", "债券")
    assert code == 0
    assert all(line.count("\t") == 4 for line in out.splitlines())
    assert "\x1b" not in out
    assert not re.search("[\u2500-\u257f]", out)


def test_on_a_terminal_wide_enough_results_are_a_table_else_stacked_blocks(run, monkeypatch):
    says("On a terminal wide enough to hold the table with every link whole (80 columns at least)")
    _terminal(monkeypatch)
    _, wide, _ = run("--color", "never", "search", "债券", "-n", "2", env={"COLUMNS": "100"})
    assert wide.splitlines()[1].split() == ["Area", "Channel", "How", "to", "reach", "Hours"]
    for columns in ("79", "100"):  # below 80; 100, but the first eight results' links need more
        for args in (["-n", "2"], ["-n", "8"]) if columns == "79" else (["-n", "8"],):
            _, out, _ = run("--color", "never", "search", "债券", *args, env={"COLUMNS": columns})
            assert out.splitlines()[0] == "Bond phone consultation  债券业务电话咨询", columns


def test_explained_results_are_always_blocks_on_a_terminal(run, monkeypatch):
    says("(`--explain` always as blocks)")
    _terminal(monkeypatch)
    args = ("--color", "never", "search", "债券", "-n", "2", "--explain")
    _, out, _ = run(*args, env={"COLUMNS": "120"})
    assert out.splitlines()[0] == "Bond phone consultation  债券业务电话咨询"


def test_every_command_has_help_in_both_languages_with_an_example(run):
    says("Every command has `--help` (Chinese and English, with an example)")
    for lang in ("en", "zh"):
        for command in COMMANDS:
            code, out, _ = run("--lang", lang, command, "--help")
            assert code == 0
            example = "Example" if lang == "en" else "示例"
            assert re.search(rf"^  {example}[:：] ?sse-channels .*{command}\b", out, re.M), out


def test_read_commands_take_json(run):
    says("Read commands take `--json`.")
    for args in READ_COMMANDS.values():
        code, out, _ = run(*args, "--json")
        assert code == 0
        assert json.loads(out)


def test_list_prints_one_channel_per_line_as_id_area_name(run):
    says("one channel per line (id, area, name); `--area` filters")
    from sse_channels import api

    _, out, _ = run("list", "--area", "廉政")
    assert out.splitlines() == [
        f"{c.id}\t廉政监督\t{c.name_zh}" for c in api.channels(area="廉政").channels
    ]


def test_a_mistyped_command_is_a_usage_error(run):
    says("a word that looks like a mistyped command, such as `serach`, is still a usage error")
    code, _, err = run("serach", "债券")
    assert code == 2
    assert "No such command 'serach'" in err


def test_help_or_its_chinese_alone_shows_the_help(run):
    says("`help` or `帮助` alone shows the help")
    for word in ("help", "帮助"):
        code, out, _ = run(word)
        assert code == 0
        assert out.startswith("Usage: sse-channels [OPTIONS] COMMAND [ARGS]...")


def test_a_question_without_a_desk_says_so_with_the_general_line_and_exit_1(run):
    says(
        "gets `no desk of the exchange for this` and the same line, exit code 1",
        "4008888400 → 1`)",
    )
    code, out, err = run("今天天气怎么样")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: no desk of the exchange for this: “今天天气怎么样”",
        "if in doubt, call Investor service hotline · 投资者服务热线 4008888400 → 1",
    ]


def test_json_with_no_match_prints_an_empty_list_and_keeps_exit_1(run):
    says("`--json` with no match prints `[]` (exit code 1 stays)")
    assert run("search", "qqqqxxxx", "--json")[:2] == (1, "[]\n")


def test_explained_json_adds_tier_and_reasons_in_codes_and_nothing_else(run):
    says(
        "With `--json`, each result gets `tier` and a `reasons` list in language-neutral codes",
        "without `--explain` the JSON is unchanged",
    )
    _, plain, _ = run("search", "河北", "想上市", "-n", "1", "--json")
    _, explained, _ = run("search", "河北", "想上市", "-n", "1", "--json", "--explain")
    (a,), (b,) = json.loads(plain), json.loads(explained)
    assert list(b) == [*a, "tier", "reasons"]
    assert {k: b[k] for k in a} == a
    (reason,) = b["reasons"]
    assert (reason["field"], reason["step"]) == ("topic", "topic")
    assert {"id", "source"} <= set(reason["topic"])
    assert reason["near"] == {"place_zh": "河北", "city_zh": "北京", "km": 264}
    _, other, _ = run("search", "债券", "邮箱", "--json", "--explain")
    first = json.loads(other)[0]["reasons"][0]
    assert (first["field"], first["step"]) == ("name_zh", "chinese_text")


def test_confidence_is_high_medium_or_low_in_every_language(run):
    says('Every `search` result in `--json` carries `"confidence"`')
    seen = set()
    for query in ("债券", "投诉", "老鼠仓", "tzz", "7999", "想上市"):
        _, en, _ = run("--lang", "en", "search", query, "--json")
        _, zh, _ = run("--lang", "zh", "search", query, "--json")
        assert en == zh
        seen |= {r["confidence"] for r in json.loads(en)}
    assert seen <= {"high", "medium", "low"}
    assert len(seen) >= 2


def test_every_commands_json_names_a_channel_the_same_way(run):
    says(
        "Every command's JSON names a channel the same way: `id`, `name_zh`, `name_en` and "
        "`area` (`id`, `name_zh`, `name_en`)"
    )
    for args in READ_COMMANDS.values():
        _, out, _ = run(*args, "--json")
        data = json.loads(out)
        channels = data["lines"] if isinstance(data, dict) else data
        for ch in channels:
            assert {"id", "name_zh", "name_en", "area"} <= set(ch), args
            assert list(ch["area"]) == ["id", "name_zh", "name_en"], args


def test_piped_hours_prints_only_rows_and_json_has_the_instant_and_the_day(run):
    says(
        "Piped `hours` prints only tab-separated rows; the instant and the kind of day are in "
        "`--json` (`at`, or `day` for a date alone, `trading_day`, `working_day`)"
    )
    _, out, _ = run("hours", "--at", "2026-10-10T10:00")
    assert out == "" or all(line.count("\t") >= 2 for line in out.splitlines())
    _, out, _ = run("hours", "--at", "2026-11-26T10:00")
    assert out and all(line.count("\t") == 3 for line in out.splitlines())
    _, js, _ = run("hours", "--at", "2026-10-10T10:00", "--json")
    day = json.loads(js)
    assert (day["at"], day["trading_day"], day["working_day"]) == (
        "2026-10-10T10:00:00+08:00", False, True,
    )  # fmt: skip


def test_csv_gets_a_bom_in_a_file_and_none_in_a_pipe(run, tmp_path):
    says(
        "CSV is written as UTF-8 with a BOM by default when it goes to a file",
        "CSV gets a BOM only when it goes to a file",
    )
    _, piped, _ = run("export", "-f", "csv")
    assert piped.startswith("id,area_zh,")
    run("export", "-f", "csv", "-o", str(tmp_path / "a.csv"))
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfid,area_zh,")
    run("export", "-f", "csv", "--encoding", "utf-8", "-o", str(tmp_path / "b.csv"))
    assert (tmp_path / "b.csv").read_bytes().startswith(b"id,area_zh,")


def test_json_and_vcard_are_always_utf8(run):
    says("(CSV and Markdown only: JSON and vCard are always UTF-8)")
    for fmt in ("json", "vcard"):
        code, _, err = run("export", "-f", fmt, "--encoding", "gb18030")
        assert code == 2
        assert f"{fmt} is written in utf-8, not 'gb18030'" in err
    code, _, _ = run("export", "-f", "markdown", "--encoding", "gb18030")
    assert code == 0


def test_export_refuses_to_replace_a_file_without_force(run, tmp_path):
    says("refuses to replace one without `--force`")
    target = tmp_path / "sse.csv"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("export", "-f", "csv", "-o", str(target))
    assert code == 2
    assert "exists; use --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("export", "-f", "csv", "-o", str(target), "--force")[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_color_never_or_no_color_means_no_escape_and_always_wins(run):
    says(
        "`never`, or `NO_COLOR` set, means no escape sequence at all",
        "`always` wins over `NO_COLOR`",
    )
    from sse_channels.output import stdio

    real = stdio.is_tty
    stdio.is_tty = lambda: True
    try:
        env = {"COLUMNS": "100"}
        assert "\x1b" not in run("--color", "never", "search", "债券", env=env)[1]
        assert "\x1b" not in run("search", "债券", env={**env, "NO_COLOR": "1"})[1]
        assert (
            "\x1b[" in run("--color", "always", "search", "债券", env={**env, "NO_COLOR": "1"})[1]
        )
    finally:
        stdio.is_tty = real


def test_auto_colour_is_plain_into_a_pipe_and_always_draws_even_there(run):
    says(
        "With `auto` (the default), output that is not a terminal is plain; `always` draws it as "
        "on a terminal, in colour, even into a pipe"
    )
    _, plain, _ = run("search", "债券", "-n", "1")
    assert plain.startswith("bond-review.phone\t")
    _, drawn, _ = run("--color", "always", "search", "债券", "-n", "1", env={"COLUMNS": "100"})
    assert "\x1b[1mArea" in drawn
    assert "─" * 20 in drawn


def test_json_is_utf8_with_chinese_as_is(run):
    says("`--json` output is UTF-8 (Chinese as is, not `\\u`-escaped)")
    _, out, _ = run("search", "债券", "--json")
    assert "债券" in out
    assert "\\u" not in out


def test_json_is_the_same_bytes_in_both_languages(run):
    says("`--json` prints the same bytes under `--lang zh` and `--lang en`")
    assert "JSON 输出与语言无关，两种语言下逐字节相同" in README_ZH
    for args in [*READ_COMMANDS.values(), ["search", "债券", "--explain"]]:
        assert run("--lang", "zh", *args, "--json") == run("--lang", "en", *args, "--json")


def test_staffing_fields_of_dial_json(run):
    says(
        '`today` (the day\'s windows, `["08:45-11:30", "13:00-17:00"]`)',
        "`dial --json` adds `hours`, the published schedule as one English phrase",
    )
    _, out, _ = run("--lang", "zh", "dial", "债券", "--at", "2026-11-26T10:00", "--json")
    (answer,) = json.loads(out)
    assert answer["hours"] == "trading days 08:45-11:30, 13:00-17:00"
    assert answer["status"] == {
        "open": True,
        "trading_day": True,
        "today": ["08:45-11:30", "13:00-17:00"],
        "next_change": "2026-11-26T11:30:00+08:00",
        "next_change_kind": "closes",
        "estimated": False,
        "reason": None,
    }
    _, out, _ = run("hours", "投资者", "--at", "2026-11-26T12:00", "--json")
    opens = {line["id"]: line["open"] for line in json.loads(out)["lines"]}
    assert opens["investor-services.edu-base"] is None  # hours not published


def test_due_json_gives_from_working_days_due_and_skipped_days(run):
    says("Due dates give `from`, `working_days`, `due` and the `skipped` days with their `name_zh`")
    _, out, _ = run("due", "申报前", "--from", "2026-09-28", "--json")
    (answer,) = json.loads(out)
    assert (answer["from"], answer["working_days"], answer["due"]) == (
        "2026-09-28",
        10,
        "2026-10-16",
    )
    assert answer["skipped"][0] == {"date": "2026-10-01", "name_zh": "国庆节"}


def test_csv_header_follows_the_language_or_header(run):
    says("`--header zh|en` (`id,area_zh,name_zh,…`", "`编号,业务领域,中文名称,…`")
    assert run("--lang", "en", "export", "-f", "csv")[1].startswith("id,area_zh,name_zh,")
    assert run("--lang", "zh", "export", "-f", "csv")[1].startswith("编号,业务领域,中文名称,")
    zh_en = run("--lang", "zh", "export", "-f", "csv", "--header", "en")[1]
    assert zh_en == run("--lang", "en", "export", "-f", "csv")[1]


def test_piped_lines_do_not_change_with_the_language(run):
    says("Piped lines are for programs and do not change with the language")
    tabbed = 0
    for args in READ_COMMANDS.values():
        en = run("--lang", "en", *args)[1]
        if "\t" in en:  # tab-separated lines, not dial's or due's sentences
            tabbed += 1
            assert en == run("--lang", "zh", *args)[1], args
    assert tabbed >= 4


def test_an_instant_with_z_is_the_same_beijing_instant(run):
    says("`2026-11-26T10:00` is Beijing time, `2026-11-26T02:00Z` is the same instant")
    beijing = run("hours", "--at", "2026-11-26T10:00", "--json")
    assert run("hours", "--at", "2026-11-26T02:00Z", "--json") == beijing


def test_windows_are_half_open(run):
    says("a line opening at 08:45 is open at 08:45:00 and closed at 11:30:00")
    opens = {}
    for t in ("08:44:59", "08:45:00", "11:29:59", "11:30:00"):
        _, out, _ = run("dial", "债券", "--at", f"2026-11-26T{t}", "--json")
        opens[t] = json.loads(out)[0]["status"]["open"]
    assert opens == {"08:44:59": False, "08:45:00": True, "11:29:59": True, "11:30:00": False}


def test_a_make_up_saturday_is_a_working_day_not_a_trading_day(run):
    says("Saturday 2026-10-10 is a working day, not a trading day")
    _, out, _ = run("hours", "--at", "2026-10-10T10:00", "--json")
    assert (json.loads(out)["trading_day"], json.loads(out)["working_day"]) == (False, True)


def test_a_year_past_the_horizon_is_marked_estimated_in_text_and_json(run):
    says("marks the answer as *estimated* in text and JSON, and says why")
    _, out, _ = run("hours", "--at", "2028-03-01T10:00", "--json")
    assert json.loads(out)["estimated"] is True
    assert "statutory holiday rules" in json.loads(out)["reason"]
    _, out, err = run("hours", "--at", "2028-03-01T10:00")
    assert "(estimated*)" in out
    assert "estimated from the statutory holiday rules" in err


def test_the_qr_code_is_33_columns_of_half_blocks(run):
    says("Unicode half blocks, 33 columns")
    _, out, _ = run("dial", "廉政监督", "--qr", "--at", "2026-11-26T10:00")
    rows = [x for x in out.splitlines() if x.strip() and set(x) <= set("█▀▄ ")]
    assert rows
    assert {len(x) for x in rows} == {33}


def test_the_ics_event_has_its_reminder_uid_and_time_zone(run):
    says(
        "a reminder at 09:00 Beijing time on the working day before, a stable UID and "
        "`Asia/Shanghai`"
    )
    _, out, _ = run("due", "申报前", "--from", "2026-09-28", "--ics", "-")
    lines = out.splitlines()
    assert "DTSTART;VALUE=DATE:20261016" in lines
    assert "TRIGGER;VALUE=DATE-TIME:20261015T010000Z" in lines  # 09:00 Beijing, Thu 10-15
    assert "TZID:Asia/Shanghai" in lines
    uid = [x for x in lines if x.startswith("UID:")]
    assert uid == [
        x for x in run("due", "申报前", "--from", "2026-09-28", "--ics", "-")[1].splitlines()
        if x.startswith("UID:")
    ]  # fmt: skip


def test_channels_without_anything_a_phone_can_use_get_no_vcard(run):
    says(
        "channels reached only in person, by QQ, WeChat, newspaper or radio get no card",
        "A menu line has one `TEL` per branch, each with an `X-ABLabel`",
    )
    from sse_channels import api
    from sse_channels.model import Account, Newspaper, Radio, Via

    _, out, _ = run("export", "-f", "vcard")
    carded = {x.split(":")[-1] for x in out.splitlines() if x.startswith("UID:")}
    unusable = (Via, Account, Newspaper, Radio)  # in person (an entry point), QQ, WeChat, ...
    for ch in api.load(None).channels:
        usable = [c for c in ch.contacts if not isinstance(c, unusable)]
        assert (ch.id in carded) == bool(usable), ch.id
    _, tech, _ = run("export", "-f", "vcard", "tech.hotline")
    tels = [x for x in tech.splitlines() if ".TEL" in x]
    labels = [x for x in tech.splitlines() if ".X-ABLabel" in x]
    assert len(tels) == len(labels) >= 2


def test_check_links_prints_a_line_per_url_and_a_summary_on_stderr(run, monkeypatch):
    says(
        "It prints one tab-separated line per URL — verdict, status, URL, where redirects ended, "
        "detail, channels, annex row/item/page — or `--json`, and a summary on stderr",
        "Exit codes: 0 when every link answered, 1 when any is broken",
    )
    import socket

    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    code, out, err = run("check-links", "--timeout", "1")
    assert code == 1
    rows = [x.split("\t") for x in out.splitlines()]
    assert {len(r) for r in rows} == {7}
    verdict, status, url, final, _, channels, source = rows[0]
    assert (verdict, status, final) == ("dns", "-", "-")
    assert url.startswith("http")
    assert channels == "ipo-review.rules"
    assert source.endswith("p.1")
    assert re.fullmatch(r"\d+ links: 0 answered \(0 redirected\), \d+ did not\s*", err)


def test_diff_exits_0_1_or_2_and_pipes_kind_record_id_path_old_new(run, tmp_path):
    says(
        "It exits 0 when the files are the same, 1 when they differ, 2 when one is invalid",
        "Piped, it prints the kind, record, id, path of the field, old and new value tab-separated",
    )
    old = REPO / "data" / "channels.yaml"
    new = tmp_path / "channels.yaml"
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace('steps: ["6", "1959"]', 'steps: ["6", "1960"]'), encoding="utf-8")
    shutil.copy(REPO / "data" / "topics.yaml", tmp_path / "topics.yaml")
    assert run("diff", str(old), str(old))[:2] == (0, "")
    assert run("diff", str(old), str(new))[:2] == (
        1,
        "changed\tchannel\tbond-review.phone\tcontacts[0].routes[0].steps[1]\t1959\t1960\n",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    code, _, err = run("diff", str(old), str(bad))
    assert code == 2
    assert f"{bad}:2:" in err


def test_the_data_has_13_areas_and_63_channels_plus_the_certificate_centre():
    says("13 business areas and 63 channels, plus the exchange's certificate centre")
    from sse_channels import api

    d = api.load(None)
    assert len(d.areas) == 14
    assert len(d.channels) == 64
    assert [c.id for c in d.channels if c.area == "certificates"] == ["certificates.cnsca"]


def test_the_overview_shows_the_13_areas_and_the_certificate_centre(run):
    says("the 13 areas of the annex and the certificate centre at a glance")
    _, out, _ = run()
    assert len(out.splitlines()) == 14


def test_an_as_option_wins_over_the_environment_before_or_after_the_query(run):
    says(
        "or `SSE_CHANNELS_AS=ROLE` (the option wins; "
        "a command's own `--as` wins over one before it)"
    )
    env = {"SSE_CHANNELS_AS": "sponsor"}
    investor = run("--as", "investor", "投诉", "-n", "1")
    assert investor[1].startswith("investor-services.hotline\t")
    assert run("--as", "investor", "投诉", "-n", "1", env=env) == investor
    assert run("--as", "investor", "search", "投诉", "-n", "1", env=env) == investor
    assert run("投诉", "--as", "investor", "-n", "1", env=env) == investor
    assert run("--as", "sponsor", "search", "投诉", "--as", "investor", "-n", "1") == investor
    sponsor = run("投诉", "-n", "1", env=env)
    assert sponsor == run("--as", "sponsor", "投诉", "-n", "1")
    assert sponsor != investor
    dial = ("dial", "投诉", "--at", "2026-11-26T10:00")
    assert run("--as", "investor", *dial, env=env) == run("--as", "investor", *dial)


def test_a_guess_says_not_sure_on_stderr_with_the_general_line(run):
    says(
        "(`not sure this is the right desk; if in doubt, call Investor service hotline ·"
        " 投资者服务热线 4008888400 → 1`)"
    )
    code, out, err = run("有个问题想咨询一下交易所", "-n", "1")
    assert code == 0
    assert out
    assert (
        err == "not sure this is the right desk; if in doubt, call Investor service hotline ·"
        " 投资者服务热线 4008888400 → 1\n"
    )


def test_is_it_open_now_answers_with_the_desk_and_points_to_hours(run):
    says(
        '"is it open now" (`现在有人接电话吗`) answers with the desk',
        "and points to `sse-channels hours`",
    )
    code, out, err = run("现在有人接电话吗")
    assert code == 0
    assert out.startswith("investor-services.hotline\t")
    assert err == "whether it is staffed now: sse-channels hours 投资者服务热线\n"


def test_a_role_that_leaves_out_every_match_says_so_and_names_them(run):
    says("A role whose filter leaves out every match says so and names the channels it left out.")
    code, out, err = run("--as", "investor", "发行上市审核系统")
    assert (code, out) == (1, "")
    assert "so --as left out: 发行上市审核系统 (ipo-review.system)" in err


def test_a_question_from_the_public_puts_the_member_rules_above_the_membership_system(run):
    says(
        "`投诉券商` puts the open member rules page above the member firms' 会籍系统",
        "A boost shows among a result's reasons (field `audience`)",
    )
    _, out, _ = run("search", "投诉券商", "--json", "--explain")
    results = json.loads(out)
    ids = [r["id"] for r in results]
    assert ids.index("member.rules") < ids.index("member.system")
    rules = results[ids.index("member.rules")]
    assert "audience" in [x["field"] for x in rules["reasons"]]


@pytest.mark.parametrize(
    ("query", "first", "shown"),
    [
        (
            ["河北", "上市"],
            ["market-services.north"],
            "`河北 上市` → the northern base in Beijing (264 km)",
        ),
        (["四川", "IPO"], ["market-services.west"], "`四川 IPO` → the western base in Chengdu"),
        (
            ["福建", "上市"],
            ["market-services.hq", "market-services.south"],
            "(within 15%: 福建 → 上海 612 km, 广州 688 km) it comes next",
        ),
    ],
)
def test_a_listing_question_with_a_place_reaches_the_nearest_office(run, query, first, shown):
    says(shown)
    _, out, _ = run("search", *query, "--explain")
    heads = [x.split("\t")[0] for x in out.splitlines() if not x.startswith(" ")]
    assert heads[: len(first)] == first
    for km in re.findall(r"(\d+) km", shown):
        assert f"about {km} km" in out


# The table "What people type, and what comes back first", row by row.
WHAT_PEOPLE_TYPE = {
    "再融资": "ipo-review.system",
    "独立董事邮箱": "listed-co.independent-directors",
    "上市公司联络人": "listed-co.liaison",
    "touzizhe": "investor-services.hotline",
    "xinxi pilu": "ipo-review.disclosure",
    "tzz": "investor-services.hotline",
    "kcb": "ipo-review.system",
    "investor hotline": "investor-services.hotline",
    "REITs": "bond-review.rules",
    "fax": "integrity.fax",
    "科创版": "ipo-review.system",
    "投资者服物": "investor-services.hotline",
    "信息批露": "ipo-review.disclosure",
    "7999": "market-services.hq",
    "028 6011 9091": "market-services.west",
    "+86 21 6860 1281": "integrity.fax",
    "tech_support": "tech.email",
}


def test_what_people_type_comes_back_first_as_the_table_says(run):
    table = README.split("What people type, and what comes back first:")[1].split("###")[0]
    shown = re.findall(
        r"`([^`]+)`", "\n".join(x.split("|")[1] for x in table.splitlines()[3:] if "|" in x)
    )
    assert shown == list(WHAT_PEOPLE_TYPE)
    for query, first in WHAT_PEOPLE_TYPE.items():
        _, out, _ = run("search", *query.split(), "-n", "1")
        assert out.split("\t")[0] == first, query


def test_exit_codes_0_found_1_nothing_or_invalid_data_2_usage(run, tmp_path):
    says(
        "Exit codes: `0` found, `1` nothing found or invalid data, `2` usage error",
        "Messages go to stderr.",
    )
    assert run("search", "债券")[0] == 0
    code, out, err = run("search", "qqqqxxxx")
    assert (code, out) == (1, "")
    assert err.startswith("error: nothing found")
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    code, out, err = run("--data", str(bad), "search", "债券")
    assert (code, out) == (1, "")
    assert f"{bad}:2:" in err
    code, out, _ = run("search", "债券", "--no-such-option")
    assert (code, out) == (2, "")


def test_a_chinese_locale_speaks_chinese(run):
    assert "系统语言为中文（`LANG=zh_CN.UTF-8` 等）时界面即为中文" in README_ZH
    env = {
        "SSE_CHANNELS_LANG": "",
        "LANGUAGE": "",
        "LC_ALL": "",
        "LC_MESSAGES": "",
        "LANG": "zh_CN.UTF-8",
    }
    code, _, err = run("search", "qqqq", env=env)
    assert code == 1
    assert err.startswith("错误：")


@pytest.fixture
def thursday_morning(monkeypatch):
    """Beijing time stands at Thu 2026-11-26 10:00."""
    import datetime as dt

    from sse_channels.days import staffing

    now = dt.datetime(2026, 11, 26, 10, 0, tzinfo=staffing.BEIJING)
    monkeypatch.setattr(staffing, "now_beijing", lambda: now)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-12-01", "2026-12-01"),
        ("2026/12/01", "2026-12-01"),
        ("2026.12.01", "2026-12-01"),
        ("2026年12月1日", "2026-12-01"),
        ("12月1日", "2026-12-01"),
        ("今天", "2026-11-26"),
        ("明天", "2026-11-27"),
        ("昨天", "2026-11-25"),
        ("下周一", "2026-11-30"),
        ("today", "2026-11-26"),
        ("tomorrow", "2026-11-27"),
    ],
)
def test_from_takes_dates_as_people_type_them(run, thursday_morning, typed, day):
    says(f"`{typed}`" if typed != "2026-12-01" else "`--from` and `--at` take ISO 8601")
    _, out, _ = run("due", "申报前", "--from", typed, "--json")
    assert json.loads(out)[0]["from"] == day


@pytest.mark.parametrize(
    ("typed", "instant"),
    [
        ("10:00", "2026-11-26T10:00:00+08:00"),
        ("明天 10:00", "2026-11-27T10:00:00+08:00"),
        ("下午3点", "2026-11-26T15:00:00+08:00"),
    ],
)
def test_at_takes_a_time_of_day_in_beijing_time(run, thursday_morning, typed, instant):
    says(f"`{typed}`", "in Beijing time")
    _, out, _ = run("hours", "--at", typed, "--json")
    assert json.loads(out)["at"] == instant


def test_open_print_only_prints_the_link(run, monkeypatch):
    says("opens the best link in the browser (`--print` only prints it)")
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    assert run("open", "债券信息网", "--print") == (0, "http://bond.sse.com.cn/home/\n", "")
    assert opened == []


def test_validate_without_a_file_checks_the_packaged_data_and_its_topics(run):
    says(
        "checks an edited directory file and the `topics.yaml` beside it "
        "(default: the packaged data)"
    )
    code, out, err = run("validate")
    assert code == 0
    assert re.fullmatch(
        r"channels\.yaml: valid \(14 areas, 64 channels\)\n"
        r"topics\.yaml: valid \(\d+ topics, \d+ places\)\n",
        out + err,
    )


def test_every_record_says_which_row_and_item_of_the_annex_it_comes_from():
    says("Every record says which row and item of the annex it comes from.")
    from sse_channels import api

    for ch in api.load(None).channels:
        assert (ch.source.row and ch.source.item) or ch.source.derived, ch.id


def test_the_catalog_and_the_strings_page_the_readme_names_exist():
    says("the catalog is `src/sse_channels/locale/zh_CN/LC_MESSAGES/sse_channels.po`")
    assert (REPO / "src/sse_channels/locale/zh_CN/LC_MESSAGES/sse_channels.po").is_file()
    assert (REPO / "docs/i18n-strings.md").is_file()


def test_csv_keeps_its_columns_and_codes_in_every_language_but_the_header_and_hours(run):
    says(
        "CSV keeps its columns and codes in every language; only the header and the `hours` "
        "phrase follow the language or `--header zh|en`"
    )
    assert (
        "CSV 的表头和“时间”列随界面语言变化（或由 `--header zh|en` 指定），其余各列及代码不变"
        in README_ZH
    )
    import csv

    en = list(csv.reader(run("--lang", "en", "export", "-f", "csv")[1].splitlines()))
    zh = list(csv.reader(run("--lang", "zh", "export", "-f", "csv")[1].splitlines()))
    hours = en[0].index("hours")
    assert [r[:hours] + r[hours + 1 :] for r in en[1:]] == [
        r[:hours] + r[hours + 1 :] for r in zh[1:]
    ]
    phrases = {(e[hours], z[hours]) for e, z in zip(en[1:], zh[1:], strict=True)}
    assert ("trading days 08:45-11:30, 13:00-17:00", "交易日 08:45-11:30、13:00-17:00") in phrases


def test_every_test_the_readme_cites_exists():
    """`tests/x.py::test_y`, and `::test_z` for another test of the file cited last."""
    cited, current = [], None
    for path, name in re.findall(r"`(tests/\w+\.py)?(?:::(\w+))?`", README):
        if path:
            current = path
        if name:
            assert current is not None, name
            cited.append((current, name))
        elif path:
            assert (REPO / path).is_file(), path
    assert len(cited) >= 20
    for bare in re.findall(r"`(test_\w+\.py)`", README):  # a list of files under tests/
        assert (REPO / "tests" / bare).is_file(), bare
    for path, name in cited:
        assert f"def {name}(" in (REPO / path).read_text(encoding="utf-8"), (path, name)
