"""Search quality on the labelled query set: hit@1, hit@3 and MRR, overall and per kind.

    python benchmarks/search_quality.py            # the table
    python benchmarks/search_quality.py --misses   # also every query whose answer is not first
    python benchmarks/search_quality.py --as-who   # each query asked --as the role of its `who`

The query set is tests/data/search_queries.yaml: queries real users type, each with the
channel ids that are a correct top answer.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from sse_channels import model, store
from sse_channels.search import Searcher
from sse_channels.search.audience import ROLE_AUDIENCES, ROLES

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_queries.yaml"
TARGET_HIT1 = 0.98
TARGET_HIT3 = 1.0


# `who` values of the labelled sets that are no audience of the annex, as a role.
WHO_ROLES = {"board-secretary": "company", "member-firm": "member", "tech": "tech"}


def role_of(who: str | None) -> str | None:
    """The `--as` role of a labelled query's `who` (None: no role)."""
    if who is None:
        return None
    if who in WHO_ROLES or who in ROLE_AUDIENCES:
        return WHO_ROLES.get(who, who)
    audience = model.Audience(who)
    return next(r for r in ROLES if audience in ROLE_AUDIENCES[r])


def rank_of(results: list[str], expect: list[str]) -> int | None:
    """1-based rank of the first correct answer, None if absent."""
    for i, cid in enumerate(results, 1):
        if cid in expect:
            return i
    return None


def ranks(
    searcher: Searcher, cases: list[dict[str, Any]], as_who: bool = False
) -> dict[str, list[int | None]]:
    """Rank of the first correct answer of every case, per kind and under "ALL"; `as_who`:
    each asked with the role of its `who`."""
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    for case in cases:
        asker = searcher.for_role(role_of(case.get("who"))) if as_who else searcher
        rank = rank_of([r.channel.id for r in asker.search(case["query"], 10)], case["expect"])
        by_kind[case["kind"]].append(rank)
        by_kind["ALL"].append(rank)
    return by_kind


def hit_at(found: list[int | None], k: int) -> float:
    """Share of cases whose first correct answer is in the top k."""
    return sum(r is not None and r <= k for r in found) / len(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list queries not answered first")
    parser.add_argument("--file", type=Path, default=QUERIES)
    parser.add_argument("--split", choices=["tune", "holdout"], help="only entries of this split")
    parser.add_argument("--as-who", action="store_true", help="ask each query as its `who`")
    args = parser.parse_args()

    cases = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    if args.split:
        cases = [case for case in cases if case.get("split") == args.split]
    searcher = store.searcher(None)
    by_kind = ranks(searcher, cases, args.as_who)

    print(f"{'kind':<12}{'queries':>8}{'hit@1':>9}{'hit@3':>9}{'MRR':>8}")
    for kind in sorted(by_kind, key=lambda k: (k == "ALL", k)):
        found = by_kind[kind]
        mrr = sum(1 / r for r in found if r) / len(found)
        print(
            f"{kind:<12}{len(found):>8}{hit_at(found, 1):>9.1%}{hit_at(found, 3):>9.1%}{mrr:>8.3f}"
        )
    hit1, hit3 = hit_at(by_kind["ALL"], 1), hit_at(by_kind["ALL"], 3)
    print(
        f"targets: hit@1 >= {TARGET_HIT1:.0%}: {'PASS' if hit1 >= TARGET_HIT1 else 'FAIL'}; "
        f"hit@3 = {TARGET_HIT3:.0%}: {'PASS' if hit3 >= TARGET_HIT3 else 'FAIL'}"
    )
    if args.misses:
        for case in cases:
            asker = searcher.for_role(role_of(case.get("who"))) if args.as_who else searcher
            top = [r.channel.id for r in asker.search(case["query"], 3)]
            if not top or top[0] not in case["expect"]:
                print(f"  {case['query']!r} ({case['kind']}) want {case['expect']} got {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
