"""Whole-process wall time and peak memory of sse-channels, side by side with two yardsticks.

    python benchmarks/startup.py             # 31 interleaved rounds after a warm-up round
    python benchmarks/startup.py --runs 5    # quicker, noisier
    python benchmarks/startup.py --json      # the figures as JSON too
    python benchmarks/startup.py --tricks    # also what each start-up measure saves

Yardstick 1 is the interpreter (`python -c pass`); yardstick 2, the one the targets use, is the
stack's floor (`benchmarks/stack_floor.py`: Typer parses one argument, Rich prints a one-row
table). Every round runs every command once, in turn, so drift on a shared machine hits all of
them alike; each figure is the median over the rounds. Peak memory is the child's own
`ru_maxrss` from `os.wait4`.

The package's bytecode is compiled before the first round (`compileall`), as a wheel install
does. Warm runs share one temporary cache directory, filled in the warm-up round; each cold run
gets a fresh empty one (the first run after an install). The user's own cache is never touched.

The script reports; it does not gate: it exits 0 whatever the figures, and 1 only when a
command fails (its exit status or its output is not what it should be).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE_ENV = "SSE_CHANNELS_CACHE_DIR"
COMPLETE_ENV = "_SSE_CHANNELS_COMPLETE"
# Variables that would change what the CLI does; the runs use the packaged data and a temp cache.
SCRUBBED_ENV = (
    "SSE_CHANNELS_DATA",
    "SSE_CHANNELS_NO_CACHE",
    CACHE_ENV,
    COMPLETE_ENV,
    "COMP_WORDS",
    "COMP_CWORD",
    "NO_COLOR",
    "FORCE_COLOR",
    "SSE_CHANNELS_LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
)
ZH = {"SSE_CHANNELS_LANG": "zh"}  # the Chinese runs: the catalog is loaded

FLOOR = "stack floor"
TYPER = "import typer"
# Our own share of start-up: whole commands against bare `python -c "import typer"`, which every
# command pays. What is above it is our imports, loading the directory, searching and printing.
TARGET_OVER_TYPER = {
    "search 债券 --json": 1.40,
    "dial 廉政监督": 1.45,
    "search 债券 --json (zh)": 1.40,
    "dial 廉政监督 (zh)": 1.45,
}
TARGET_DRAWN = 1.05  # drawing a table: no slower than the floor, give or take noise
TARGET_FAST = 0.90  # no table drawn: Rich need not be imported, so clearly faster than the floor
TARGET_RSS = 1.10
TARGET_COLD = 2.0


def _has_ansi(out: str) -> str | None:
    return None if "\x1b[" in out else "expected a drawn table with ANSI styles, got plain text"


def _is_json(out: str) -> str | None:
    import json

    try:
        json.loads(out)
    except ValueError as exc:
        return f"stdout is not JSON: {exc}"
    return None


def _has_lines(out: str) -> str | None:
    return None if out.strip() else "printed nothing"


def _completes(out: str) -> str | None:
    words = out.split()
    if not words or not all(w.startswith("债") for w in words):
        return f"expected candidates starting with 债, got {out[:200]!r}"
    return None


Check = Callable[[str], "str | None"]


@dataclass
class Bench:
    name: str
    argv: list[str]
    group: str  # floor | drawn | fast | cold | trick
    env: dict[str, str] = field(default_factory=dict)
    check: Check | None = None
    times_ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    failure: str | None = None

    @property
    def median_ms(self) -> float:
        return median(self.times_ms)

    @property
    def peak_mib(self) -> float:
        return max(self.rss_kib) / 1024


@dataclass
class Run:
    ms: float
    maxrss_kib: int
    returncode: int
    stdout: str
    stderr: str


class Runner:
    """Runs a command with stdout and stderr to files (not a terminal), timing it end to end."""

    def __init__(self, folder: Path) -> None:
        self._out = open(folder / "stdout", "w+b")  # noqa: SIM115  # kept open for all runs
        self._err = open(folder / "stderr", "w+b")  # noqa: SIM115

    def close(self) -> None:
        self._out.close()
        self._err.close()

    def run(self, argv: list[str], env: dict[str, str]) -> Run:
        for f in (self._out, self._err):
            f.seek(0)
            f.truncate()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err, env=env
        )
        # Popen.wait() would discard the rusage: reap the child ourselves.
        _, status, usage = os.wait4(proc.pid, 0)
        ms = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        return Run(ms, usage.ru_maxrss, proc.returncode, _read(self._out), _read(self._err))


def median(values: list[float]) -> float:
    # Not `statistics`: it imports decimal and fractions, and this runner's own RSS is a floor
    # under every child's ru_maxrss (see report()), so the runner stays lean.
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def quartiles(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles: the medians of the lower and the upper half."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return median(ordered[:half]), median(ordered[len(ordered) - half :])


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def _read(f: object) -> str:
    assert hasattr(f, "seek") and hasattr(f, "read")
    f.seek(0)
    data: bytes = f.read()
    return data.decode("utf-8", errors="replace")


def cli_prefix() -> list[str]:
    """The console script users run, next to this interpreter; else `python -m sse_channels`."""
    folder = Path(sys.executable).parent
    for name in ("sse-channels", "sse-channels.exe"):
        script = folder / name
        if script.is_file():
            return [str(script)]
    return [sys.executable, "-m", "sse_channels"]


# Each start-up measure of the CLI, switched off by a runner that patches it out before the
# command line runs (the package has no switch of its own for them). `--tricks` times each
# against the same runner with nothing switched off; docs/performance.md keeps the figures.
_RUNNER = """
import gc, sys
off = sys.argv[1]
sys.argv = ["sse-channels", *sys.argv[2:]]
import typer
from sse_channels.cli import app, group
if off == "plain converters":
    group._lighten = lambda params: None
if off == "collector freeze at exit":
    gc.freeze = lambda: None
if off == "commands converted on use":
    cli = typer.main.get_command(app.app)
else:
    cli = group.lazy_group(app.app)
sys.exit(cli.run())
"""
NOTHING_OFF = "nothing"
TRICKS = ("plain converters", "commands converted on use", "collector freeze at exit")
TRICK_COMMANDS = {
    "search 债券 --json": ["search", "债券", "--json"],
    "dial 廉政监督": ["dial", "廉政监督"],
}
TRICK_WORTH_MS = 5.0


def trick_benches() -> list[Bench]:
    """Each command with nothing switched off, and with each measure switched off in turn."""
    out = []
    for label, args in TRICK_COMMANDS.items():
        check = _is_json if "--json" in args else _has_lines
        for off in (NOTHING_OFF, *TRICKS):
            argv = [sys.executable, "-c", _RUNNER, off, *args]
            out.append(Bench(f"{label} | off: {off}", argv, "trick", check=check))
    return out


def tricks_report(benches: list[Bench]) -> None:
    """What each measure saves: median with it switched off minus median with it on."""
    print()
    print(f"start-up measures (kept where they save >= {TRICK_WORTH_MS:.0f} ms):")
    by_name = {b.name: b for b in benches}
    for label in TRICK_COMMANDS:
        base = by_name[f"{label} | off: {NOTHING_OFF}"]
        if base.failure is not None or not base.times_ms:
            print(f"  {label}: the reference run failed")
            continue
        print(f"  {label}: {base.median_ms:.1f} ms with every measure on")
        for off in TRICKS:
            b = by_name[f"{label} | off: {off}"]
            if b.failure is not None or not b.times_ms:
                print(f"    {off:<28} failed")
                continue
            saved = b.median_ms - base.median_ms
            verdict = "worth it" if saved >= TRICK_WORTH_MS else "not worth it"
            print(f"    {off:<28} saves {saved:6.1f} ms  ({b.median_ms:.1f} ms off)  {verdict}")


def benches() -> list[Bench]:
    cli = cli_prefix()
    at = ["hours", "--at", "2026-11-26T10:00"]
    drawn = ["--color", "always"]
    completion = {
        COMPLETE_ENV: "complete_bash",
        "COMP_WORDS": "sse-channels search 债",
        "COMP_CWORD": "2",
    }
    return [
        Bench("python -c pass", [sys.executable, "-c", "pass"], "floor"),
        Bench(FLOOR, [sys.executable, str(HERE / "stack_floor.py"), "x"], "floor"),
        Bench(TYPER, [sys.executable, "-c", "import typer"], "floor"),
        Bench("search 债券 (drawn)", [*cli, *drawn, "search", "债券"], "drawn", check=_has_ansi),
        Bench("search 债券 (piped)", [*cli, "search", "债券"], "fast", check=_has_lines),
        Bench("search 债券 --json", [*cli, "search", "债券", "--json"], "fast", check=_is_json),
        Bench("dial 廉政监督", [*cli, "dial", "廉政监督"], "fast", check=_has_lines),
        Bench(
            "search 债券 --json (zh)",
            [*cli, "search", "债券", "--json"],
            "fast",
            env=ZH,
            check=_is_json,
        ),
        Bench("dial 廉政监督 (zh)", [*cli, "dial", "廉政监督"], "fast", env=ZH, check=_has_lines),
        Bench("hours --at (piped)", [*cli, *at], "fast", check=_has_lines),
        Bench("hours --at (drawn)", [*cli, *drawn, *at], "drawn", check=_has_ansi),
        Bench("--help", [*cli, "--help"], "drawn", check=_has_lines),
        Bench("completion 债", cli, "fast", env=completion, check=_completes),
        Bench(
            "search 债券 --json, cold", [*cli, "search", "债券", "--json"], "cold", check=_is_json
        ),
    ]


def cpu_model() -> str:
    import platform

    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, object]:
    import platform

    return {
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def measure(benches: list[Bench], runs: int, cold_runs: int, scratch: Path) -> None:
    """One warm-up round, then `runs` rounds over every command (cold: the first `cold_runs`)."""
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    base["COLUMNS"] = "100"
    warm_cache = scratch / "warm-cache"
    runner = Runner(scratch)

    def once(b: Bench, cache: Path, record: bool) -> None:
        env = {**base, **b.env, CACHE_ENV: str(cache)}
        r = runner.run(b.argv, env)
        problem = f"exit status {r.returncode}" if r.returncode != 0 else None
        if problem is None and b.check is not None:
            problem = b.check(r.stdout)
        if problem is not None:
            b.failure = f"{problem}\n  command: {' '.join(b.argv)}\n  stderr:\n" + _tail(r.stderr)
            return
        if record:
            b.times_ms.append(r.ms)
            b.rss_kib.append(r.maxrss_kib)

    def fresh_cache() -> Path:
        return Path(tempfile.mkdtemp(prefix="cold-", dir=scratch))

    try:
        for b in benches:  # warm-up: fills the warm cache, the page cache and __pycache__
            once(b, fresh_cache() if b.group == "cold" else warm_cache, record=False)
        for i in range(runs):
            # Round-robin, starting one further each round, so no command always follows another.
            order = benches[i % len(benches) :] + benches[: i % len(benches)]
            for b in order:
                if b.failure is not None or (b.group == "cold" and i >= cold_runs):
                    continue
                once(b, fresh_cache() if b.group == "cold" else warm_cache, record=True)
            if sys.stderr.isatty():
                print(f"  round {i + 1}/{runs}", end="\r", file=sys.stderr, flush=True)
        if sys.stderr.isatty():
            print(" " * 20, end="\r", file=sys.stderr, flush=True)
    finally:
        runner.close()


def _tail(text: str, lines: int = 25) -> str:
    kept = text.rstrip().splitlines()[-lines:] or ["(empty)"]
    return "\n".join("    " + line for line in kept)


@dataclass
class Target:
    name: str
    limit: float
    value: float | None  # None: the command failed
    # Against `import typer`: the quartiles of the ratio taken round by round (the same round's
    # two runs), which shows how much of a verdict near the limit is the machine's noise.
    rounds: tuple[float, float] | None = None

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value <= self.limit


def targets(benches: list[Bench], floor: Bench) -> list[Target]:
    out = []
    for b in benches:
        ok = b.failure is None and bool(b.times_ms)
        ratio = b.median_ms / floor.median_ms if ok else None
        rss = b.peak_mib / floor.peak_mib if ok else None
        if b.group == "drawn":
            out.append(Target(f"time  {b.name}", TARGET_DRAWN, ratio))
        elif b.group == "fast":
            out.append(Target(f"time  {b.name}", TARGET_FAST, ratio))
        elif b.group == "cold":
            out.append(Target(f"time  {b.name}", TARGET_COLD, ratio))
        if b.group in ("drawn", "fast"):
            out.append(Target(f"RSS   {b.name}", TARGET_RSS, rss))
    typer = next((b for b in benches if b.name == TYPER), None)
    for b in benches:
        limit = TARGET_OVER_TYPER.get(b.name)
        if limit is not None and typer is not None and typer.times_ms:
            ok = b.failure is None and bool(b.times_ms)
            over = b.median_ms / typer.median_ms if ok else None
            paired = (
                [t / u for t, u in zip(b.times_ms, typer.times_ms, strict=True)]
                if ok and len(b.times_ms) == len(typer.times_ms) >= 4
                else []
            )
            spread = quartiles(paired) if paired else None
            out.append(Target(f"time  {b.name} x {TYPER}", limit, over, spread))
    return out


def report(
    benches: list[Bench], floor: Bench, runs: int, cold_runs: int, own_kib: int
) -> list[Target]:
    info = machine()
    print(f"machine: {info['platform']} · {info['python']} · {info['cpus']} CPUs · {info['cpu']}")
    print(f"load average at the end: {info['load_average']}")
    print(
        f"runs: {runs} interleaved rounds after 1 warm-up round "
        f"({cold_runs} for the cold run); median wall time; peak RSS = max ru_maxrss over runs"
    )
    print()
    cols = max(width(b.name) for b in benches) + 2
    print(
        ljust("command", cols)
        + f"{'median ms':>10}{'x floor':>9}{'RSS MiB':>11}{'x floor':>9}{'runs':>6}"
    )
    for b in benches:
        if b.failure is not None or not b.times_ms:
            print(ljust(b.name, cols) + f"{'FAILED':>10}")
            continue
        # A child's ru_maxrss includes this runner's RSS at the fork: below it, it is a bound.
        bound = "<=" if max(b.rss_kib) <= own_kib else ""
        print(
            ljust(b.name, cols)
            + f"{b.median_ms:>10.1f}{b.median_ms / floor.median_ms:>8.2f}x"
            + f"{bound:>5}{b.peak_mib:>6.1f}{b.peak_mib / floor.peak_mib:>8.2f}x"
            + f"{len(b.times_ms):>6}"
        )
    print(
        f"<= : at or below this runner's own peak RSS ({own_kib / 1024:.1f} MiB): on Linux a"
        " child's ru_maxrss\n     counts its parent's RSS at the fork, so the true figure may be"
        " lower"
    )
    print()
    checks = targets(benches, floor)
    print(f"targets (ratio to the stack floor, or to `{TYPER}` where named):")
    for t in checks:
        value = "failed" if t.value is None else f"{t.value:.2f}x"
        verdict = "PASS" if t.passed else "FAIL"
        spread = f"  round by round {t.rounds[0]:.2f}-{t.rounds[1]:.2f}x" if t.rounds else ""
        print(f"  {verdict}  {ljust(t.name, cols + 6)} {value:>7}  (<= {t.limit:.2f}x){spread}")
    passed = sum(t.passed for t in checks)
    print(f"{passed}/{len(checks)} targets met")
    return checks


def _compile_bytecode() -> None:
    """Write the package's .pyc files first, as installing a wheel does. A source tree edited
    under PYTHONDONTWRITEBYTECODE (set on some CI images) would otherwise recompile every
    edited module on every run, and the figures would measure the compiler."""
    import compileall

    import sse_channels

    compileall.compile_dir(str(Path(sse_channels.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="interleaved rounds (default 31)")
    parser.add_argument(
        "--cold-runs", type=int, default=5, help="rounds that include a cold run (default 5)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--tricks", action="store_true", help="also time each start-up measure switched off"
    )
    args = parser.parse_args()
    _compile_bytecode()
    if args.runs < 1 or args.cold_runs < 1:
        parser.error("--runs and --cold-runs must be at least 1")
    cold_runs = min(args.cold_runs, args.runs)

    all_benches = benches() + (trick_benches() if args.tricks else [])
    floor = next(b for b in all_benches if b.name == FLOOR)
    scratch = Path(tempfile.mkdtemp(prefix="sse-channels-bench-"))
    try:
        measure(all_benches, args.runs, cold_runs, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    import resource

    # Taken before the report imports anything more: the runner's RSS while it spawned.
    own_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    if floor.failure is not None or not floor.times_ms:
        print(f"the stack floor failed: {floor.failure}", file=sys.stderr)
        return 1
    checks = report(
        [b for b in all_benches if b.group != "trick"], floor, args.runs, cold_runs, own_kib
    )
    if args.tricks:
        tricks_report(all_benches)

    failed = [b for b in all_benches if b.failure is not None]
    for b in failed:
        print(f"\nFAILED: {b.name}: {b.failure}", file=sys.stderr)

    if args.json:
        import json

        doc = {
            "machine": machine(),
            "runs": args.runs,
            "cold_runs": cold_runs,
            "runner_rss_mib": round(own_kib / 1024, 2),
            "commands": [
                {
                    "name": b.name,
                    "argv": b.argv,
                    "group": b.group,
                    "failed": b.failure,
                    "runs": len(b.times_ms),
                    "median_ms": round(b.median_ms, 2) if b.times_ms else None,
                    "min_ms": round(min(b.times_ms), 2) if b.times_ms else None,
                    "ratio": round(b.median_ms / floor.median_ms, 3) if b.times_ms else None,
                    "peak_rss_mib": round(b.peak_mib, 2) if b.rss_kib else None,
                    "rss_ratio": round(b.peak_mib / floor.peak_mib, 3) if b.rss_kib else None,
                    "times_ms": [round(t, 2) for t in b.times_ms],
                }
                for b in all_benches
            ],
            "targets": [
                {
                    "name": t.name,
                    "limit": t.limit,
                    "value": round(t.value, 3) if t.value is not None else None,
                    "pass": t.passed,
                    "rounds_quartiles": [round(x, 3) for x in t.rounds] if t.rounds else None,
                }
                for t in checks
            ],
        }
        print()
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
