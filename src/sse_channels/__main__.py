"""`python -m sse_channels` runs the command line."""

from .cli import main

main()
