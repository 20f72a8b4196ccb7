"""sse-channels: the Shanghai Stock Exchange's consultation channels, searchable from the shell."""

__all__ = ["__version__"]

__version__ = "0.1.0"
