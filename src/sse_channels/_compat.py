"""What differs between the Pythons the package supports (3.10 and later)."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - exercised on Python 3.10 only
    from typing import NoReturn

    def assert_never(arg: NoReturn, /) -> NoReturn:
        """Mypy proves this is never reached: every member of a union was handled."""
        raise AssertionError(f"unhandled value: {arg!r}")


__all__ = ["assert_never"]
