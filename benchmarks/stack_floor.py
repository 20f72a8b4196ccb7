"""The stack's floor: the least a Typer + Rich command can cost (yardstick for startup.py).

    python benchmarks/stack_floor.py x

Parses one argument and prints a one-row Rich table. Nothing else.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main(word: str) -> None:
    """Print WORD in a one-row table."""
    table = Table("word")
    table.add_row(word)
    Console().print(table)


if __name__ == "__main__":
    app()
