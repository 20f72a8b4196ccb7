"""Property tests: arbitrary text never crashes the command line or the search core.

The budget is fixed and the examples derandomized, so a run is deterministic and quick.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_channels import store
from sse_channels.search import Result

from .support import fast_run

EXAMPLES = 150
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ESC and every other C0 control except \n and \t, DEL, and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

COMMANDS = {
    "search": ["search"],
    "dial": ["dial", "--at", "2026-11-26T10:00"],
    "hours": ["hours", "--at", "2026-11-26T10:00"],
    "show": ["show"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@FUZZ
@given(words=st.lists(st.text(), min_size=1, max_size=3), separator=st.booleans())
def test_cli_survives_arbitrary_text(command, words, separator):
    """Exit 0, 1 or 2; no traceback; no escape or control character in what is printed.

    With `--` every word is a query; without it, option-like words reach the parser.
    """
    args = [*COMMANDS[command], *(["--"] if separator else []), *words]
    code, out, err = fast_run(*args)  # an exception fails the example
    assert code in (0, 1, 2), (args, code, err)
    assert "Traceback" not in out + err
    assert not CONTROL.findall(out + err), (args, out[:200], err[:200])
    if code != 0:
        assert err.strip() or "Usage:" in out, "a failure must say why"


@FUZZ
@given(query=st.text(), limit=st.integers(min_value=0, max_value=30))
def test_searcher_returns_a_bounded_sorted_list(query, limit):
    s = store.searcher()
    results = s.search(query, limit)
    assert isinstance(results, list)
    assert len(results) <= limit
    assert all(isinstance(r, Result) for r in results)
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    assert len({r.channel.id for r in results}) == len(results)
    ids = {c.id for c in s.directory.channels}
    assert all(r.channel.id in ids for r in results)


@FUZZ
@given(query=st.text())
def test_suggestions_are_a_short_tuple_of_names(query):
    s = store.searcher()
    found = s.suggest(query)
    assert isinstance(found, tuple)
    assert len(found) <= 3
    names = (
        {a.name_zh for a in s.directory.areas}
        | {a.name_en for a in s.directory.areas}
        | {c.name_zh for c in s.directory.channels}
    )
    assert set(found) <= names
