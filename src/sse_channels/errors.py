"""Domain errors. The CLI maps them to exit codes; the core never exits."""

from __future__ import annotations

from msgspec import Struct


class Problem(Struct, frozen=True):
    """One thing wrong with a data file, located as precisely as the file allows."""

    file: str
    line: int | None  # 1-based; None when the problem has no place (e.g. unreadable file)
    field: str  # dotted path such as "channels[3].contacts[0].number", or "" for the file
    message: str  # in English, filled in: what JSON and the record keep
    template: str = ""  # the English template (a catalog msgid) of `message`, if it has values
    args: tuple[tuple[str, str], ...] = ()  # the values, by their placeholders in `template`

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class SseChannelsError(Exception):
    """Base class of every error a user can cause; its text is meant for that user."""


class DataError(SseChannelsError):
    """A directory or calendar file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SseChannelsError):
    """Bad arguments (exit code 2)."""


class NotFoundError(SseChannelsError):
    """Nothing matched (exit code 1); suggestions may help the user rephrase."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = (), hint: str = "") -> None:
        self.suggestions = suggestions
        self.hint = hint  # what to try when there is nothing close to suggest
        super().__init__(message)


class OutputError(SseChannelsError):
    """Output that could not be written whole (exit code 1): a full disk, a size limit, a
    closed or stuck pipe. Its text starts with "cannot write output"."""
