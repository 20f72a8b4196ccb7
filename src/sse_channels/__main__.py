"""`python -m sse_channels` runs the command line."""

from .cli.entry import main

main()
