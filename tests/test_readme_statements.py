"""What the README states about output is what the tool prints."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

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
