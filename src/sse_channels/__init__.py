"""sse-channels: the Shanghai Stock Exchange's consultation channels, searchable from the shell.

The public Python API is `sse_channels.api` (`api.search`, `api.dial`, `api.staffed`,
`api.due`, the calendar functions); importing this package alone loads nothing else.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
