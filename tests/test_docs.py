"""The README's Python API examples and the api module's docstrings run as doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

from sse_channels import api

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(result: doctest.TestResults) -> None:
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_api_examples() -> None:
    _run(doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS))


def test_api_docstrings() -> None:
    _run(doctest.testmod(api, optionflags=doctest.ELLIPSIS))
