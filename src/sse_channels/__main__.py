"""`python -m sse_channels` runs the command line."""

from .entry import main

main()
