"""The shipped pinyin readings cover the packaged data, so a first run needs no pypinyin."""

from __future__ import annotations

import subprocess
import sys

from sse_channels.directory import parse as data
from sse_channels.store import readings


def test_shipped_readings_cover_every_text_the_index_asks_about():
    table = readings.load()
    wanted = readings.compute(data.load_packaged())
    missing = sorted(set(wanted) - set(table))
    assert not missing, (
        f"stale readings.json; run: python -m sse_channels.store.readings ({missing[:3]})"
    )
    assert set(table) == set(wanted), "readings.json holds texts the data no longer has"


def test_polyphonic_characters_read_as_in_this_domain():
    table = readings.load()
    joined = {text: "".join(syllables) for text, syllables in table.items()}
    assert "hangqing" in joined["上证行情云"]
    for fragment, reading in (("会员", "huiyuan"), ("重组", "chongzu"), ("行业", "hangye")):
        texts = [t for t in table if fragment in t]
        assert texts, fragment
        assert all(reading in joined[t] for t in texts), fragment


def test_unknown_text_falls_back_to_pypinyin():
    reading = readings.pinyin_function({})
    assert reading("债券") == ["zhai", "quan"]


def test_first_run_on_the_packaged_data_does_not_import_pypinyin(tmp_path):
    code = (
        "import sys\n"
        "from sse_channels import store\n"
        "store.searcher().search('债券')\n"
        "print('pypinyin' in sys.modules)\n"
    )
    env = {"SSE_CHANNELS_CACHE_DIR": str(tmp_path / "empty"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout == "False\n"


def test_shipped_character_readings_are_what_pypinyin_gives_today():
    from sse_channels.search import char_pinyin_table

    assert readings.char_table() == char_pinyin_table(), (
        "stale char_readings.json; run: python -m sse_channels.store.readings"
    )
    assert set(readings.char_table()["行"]) >= {"xing", "hang"}


def test_a_misspelt_query_needs_no_pypinyin_and_writes_no_cache(tmp_path):
    """债卷 (for 债券) is found through the characters' readings: shipped, not computed."""
    code = (
        "import sys\n"
        "from sse_channels import store\n"
        "print(store.searcher().search('债卷')[0].channel.id)\n"
        "print('pypinyin' in sys.modules)\n"
    )
    cache = tmp_path / "cache"
    env = {"SSE_CHANNELS_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["bond-review.phone", "False"]
    assert not cache.exists() or [p.name for p in cache.iterdir()] == []


def test_damaged_character_readings_fall_back_to_pypinyin(monkeypatch, tmp_path):
    broken = tmp_path / "char_readings.json"
    broken.write_text('{"债": [1, 2', encoding="utf-8")
    monkeypatch.setattr(readings, "CHAR_FILE", broken)
    assert readings.char_table()["债"] == ("zhai",)
