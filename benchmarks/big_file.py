"""Validating and first-loading a directory file near the 5 MiB cap: both should take seconds.

    python benchmarks/big_file.py            # builds a ~4.9 MiB file in a temporary folder
    python benchmarks/big_file.py --keep F   # also writes the generated file to F

The file is the packaged directory with its channels repeated under new ids (comments dropped)
until it reaches 4.9 MiB, about 5,700 channels. It prints the size, the channel count, the time
`validate` takes (`data.validate_file`) and the time a first load takes (`store.load` with an
empty cache: validation, the search index with pinyin, and writing the cache), each in its own
fresh process so no import or cache is shared. It reports; it does not gate.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = int(4.9 * 2**20)


def big_text() -> tuple[str, int]:
    text = (ROOT / "data" / "channels.yaml").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    text = "\n".join(lines) + "\n"
    head, channels = text.split("\nchannels:\n", 1)
    out = [head, "\nchannels:\n", channels]
    size, count, n = len(text.encode()), channels.count("\n  - id: "), 0
    per_copy = len(channels.encode())
    while size + per_copy < TARGET:
        n += 1
        copy = re.sub(r"(\n  - id: [a-z0-9-]+\.[a-z0-9-]+)", rf"\1-c{n}", "\n" + channels)
        copy = re.sub(r"(\n\s+channel: [a-z0-9-]+\.[a-z0-9-]+)", rf"\1-c{n}", copy)
        out.append(copy[1:])
        size += len(copy[1:].encode())
        count += copy.count("\n  - id: ")
    return "".join(out), count


def timed(code: str, path: str, cache_dir: str) -> float:
    env = {**os.environ, "SSE_CHANNELS_CACHE_DIR": cache_dir}
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, path], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - t
    if done.returncode != 0 or done.stdout.strip() != "ok":
        sys.exit(f"failed: {done.stderr.strip() or done.stdout.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", metavar="FILE", help="also write the generated file here")
    args = parser.parse_args()
    text, count = big_text()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.yaml")
        Path(path).write_text(text, encoding="utf-8")
        if args.keep:
            Path(args.keep).write_text(text, encoding="utf-8")
        size = os.path.getsize(path)
        validate = timed(
            "import sys\nfrom sse_channels.directory import parse as data\n"
            "p = data.validate_file(sys.argv[1])\nprint('ok' if not p else p[:3])",
            path,
            os.path.join(tmp, "cache-v"),
        )
        load = timed(
            "import sys\nfrom sse_channels import store\n"
            "d, _ = store.load(sys.argv[1])\nprint('ok' if d.channels else 'empty')",
            path,
            os.path.join(tmp, "cache-l"),
        )
    print(f"file        {size / 2**20:.2f} MiB, {count} channels")
    print(f"validate    {validate:.2f} s  (target < 10 s)")
    print(f"first load  {load:.2f} s  (target < 10 s; empty cache)")


if __name__ == "__main__":
    main()
