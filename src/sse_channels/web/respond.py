"""Bodies the web shell answers with: the CLI's JSON, and errors as JSON with a code.

An API body is the bytes `sse-channels … --json` prints: `export.json_value` of the same
answer through the same `export.to_json`, and the newline `stdio.out` ends a line with.
Errors map as the command line's exit codes do: a usage error (exit 2) is 400, nothing found
(exit 1) is 404, an unusable directory file (exit 1) is 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import Response

from sse_channels.errors import DataError, NotFoundError, SseChannelsError, UsageError
from sse_channels.output.as_json import json_value, to_json

if TYPE_CHECKING:
    from sse_channels.answers import Answer

JSON = "application/json"


def cli_json(answer: Answer) -> bytes:
    """The bytes `--json` prints for this answer."""
    return (to_json(json_value(answer)) + "\n").encode()


def error_body(code: str, message: str, suggestions: tuple[str, ...] = ()) -> bytes:
    value = {"error": {"code": code, "message": message, "suggestions": list(suggestions)}}
    return (to_json(value) + "\n").encode()


def status_of(exc: SseChannelsError) -> tuple[int, str]:
    """The HTTP status and error code for a domain error, as the CLI's exit code maps it."""
    if isinstance(exc, UsageError):
        return 400, "usage"
    if isinstance(exc, NotFoundError):
        return 404, "not_found"
    if isinstance(exc, DataError):
        return 500, "data"
    return 500, "error"


def error_response(exc: SseChannelsError) -> Response:
    status, code = status_of(exc)
    suggestions = exc.suggestions if isinstance(exc, NotFoundError) else ()
    return Response(error_body(code, str(exc), suggestions), status, media_type=JSON)
