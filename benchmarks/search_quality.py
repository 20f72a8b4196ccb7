"""Search quality on the labelled query set: hit@1, hit@3 and MRR, overall and per kind.

    python benchmarks/search_quality.py            # the table
    python benchmarks/search_quality.py --misses   # also every query whose answer is not first

The query set is tests/data/search_queries.yaml: queries real users type, each with the
channel ids that are a correct top answer.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from sse_channels import store

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_queries.yaml"
TARGET_HIT1 = 0.95
TARGET_HIT3 = 1.0


def rank_of(results: list[str], expect: list[str]) -> int | None:
    """1-based rank of the first correct answer, None if absent."""
    for i, cid in enumerate(results, 1):
        if cid in expect:
            return i
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list queries not answered first")
    parser.add_argument("--file", type=Path, default=QUERIES)
    parser.add_argument("--split", choices=["tune", "holdout"], help="only entries of this split")
    args = parser.parse_args()

    cases = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    if args.split:
        cases = [case for case in cases if case.get("split") == args.split]
    searcher = store.searcher(None)
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    misses = []
    for case in cases:
        ids = [r.channel.id for r in searcher.search(case["query"], 10)]
        rank = rank_of(ids, case["expect"])
        by_kind[case["kind"]].append(rank)
        by_kind["ALL"].append(rank)
        if rank != 1:
            misses.append((case, rank, ids[:3]))

    print(f"{'kind':<12}{'queries':>8}{'hit@1':>9}{'hit@3':>9}{'MRR':>8}")
    for kind in sorted(by_kind, key=lambda k: (k == "ALL", k)):
        ranks = by_kind[kind]
        n = len(ranks)
        hit1 = sum(r == 1 for r in ranks) / n
        hit3 = sum(r is not None and r <= 3 for r in ranks) / n
        mrr = sum(1 / r for r in ranks if r) / n
        print(f"{kind:<12}{n:>8}{hit1:>9.1%}{hit3:>9.1%}{mrr:>8.3f}")
    ranks = by_kind["ALL"]
    hit1 = sum(r == 1 for r in ranks) / len(ranks)
    hit3 = sum(r is not None and r <= 3 for r in ranks) / len(ranks)
    print(
        f"targets: hit@1 >= {TARGET_HIT1:.0%}: {'PASS' if hit1 >= TARGET_HIT1 else 'FAIL'}; "
        f"hit@3 = {TARGET_HIT3:.0%}: {'PASS' if hit3 >= TARGET_HIT3 else 'FAIL'}"
    )
    if args.misses:
        for case, rank, top in misses:
            print(
                f"  rank {rank}: {case['query']!r} ({case['kind']}) want {case['expect']} got {top}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
