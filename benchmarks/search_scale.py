"""In-process search latency on the real directory and on synthetic ones 10x and 100x its size.

    python benchmarks/search_scale.py                 # scales 1, 10, 100; 10 runs per query
    python benchmarks/search_scale.py --repeat 30     # steadier percentiles
    python benchmarks/search_scale.py --scales 1,10   # quicker

A synthetic directory keeps the 13 real areas and repeats the real channels: copy k of a channel
gets the id `{area}.{name}-s{k}`, a city or region in front of its Chinese names, aliases and
summary (北京债券业务电话咨询), and its own phone and fax numbers (8-digit landlines with an area
code), extensions, postcodes, QQ numbers and mailbox names, so that keys are distinct the way
a real, bigger directory's would be. Copy 0 is the real directory, unchanged.

Index building is timed on its own (the cache pays it once per data file). Then each query of
a fixed mix runs several times against a warmed searcher; p50 and p99 are over every run of
every query. The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable

import msgspec

from sse_channels import model, search, store
from sse_channels.store import learned
from sse_channels.textnorm import has_cjk

TARGET_P50_REAL_MS = 1.0
TARGET_P50_100X_MS = 20.0

# ~30 queries as people type them: Chinese, pinyin, initials, English, typos, numbers, several
# words. Typos go through the pinyin character table and fuzzy matching (the slow paths).
QUERIES = [
    # Chinese
    "债券",
    "投资者服务",
    "信息披露",
    "上市公司",
    "科创板",
    "廉政监督",
    "纪检",
    "期权",
    "会员",
    # pinyin and initials
    "zhaiquan",
    "touzizhe",
    "kechuangban",
    "tzzfw",
    "kcb",
    # English
    "bond",
    "investor hotline",
    "REITs",
    "disclosure",
    "email",
    # typos
    "科创版",
    "投资者服物",
    "债卷",
    "invester",
    "zhaiqaun",
    # numbers
    "7999",
    "028 6011 9091",
    "4008888400",
    "1284",
    # several words
    "债券 REITs",
    "上市公司 邮箱",
    "期权 电话",
]
# Questions in people's words, which the second reader reads too: timed in the same rounds and
# reported on their own (the targets are the mix above's).
QUESTIONS = [
    "我们公司想发可转债，找谁沟通",
    "券商客户经理骗我买了理财产品",
    "how do I report insider trading",
    "独董有问题发邮件给谁",
]

CITIES = [
    ("北京", "Beijing"),
    ("天津", "Tianjin"),
    ("上海", "Shanghai"),
    ("重庆", "Chongqing"),
    ("深圳", "Shenzhen"),
    ("广州", "Guangzhou"),
    ("杭州", "Hangzhou"),
    ("南京", "Nanjing"),
    ("苏州", "Suzhou"),
    ("无锡", "Wuxi"),
    ("宁波", "Ningbo"),
    ("温州", "Wenzhou"),
    ("合肥", "Hefei"),
    ("福州", "Fuzhou"),
    ("厦门", "Xiamen"),
    ("南昌", "Nanchang"),
    ("济南", "Jinan"),
    ("青岛", "Qingdao"),
    ("郑州", "Zhengzhou"),
    ("武汉", "Wuhan"),
    ("长沙", "Changsha"),
    ("南宁", "Nanning"),
    ("海口", "Haikou"),
    ("成都", "Chengdu"),
    ("贵阳", "Guiyang"),
    ("昆明", "Kunming"),
    ("拉萨", "Lhasa"),
    ("西安", "Xi'an"),
    ("兰州", "Lanzhou"),
    ("西宁", "Xining"),
    ("银川", "Yinchuan"),
    ("乌鲁木齐", "Urumqi"),
    ("呼和浩特", "Hohhot"),
    ("哈尔滨", "Harbin"),
    ("长春", "Changchun"),
    ("沈阳", "Shenyang"),
    ("大连", "Dalian"),
    ("石家庄", "Shijiazhuang"),
    ("太原", "Taiyuan"),
    ("东莞", "Dongguan"),
    ("佛山", "Foshan"),
    ("珠海", "Zhuhai"),
    ("汕头", "Shantou"),
    ("烟台", "Yantai"),
    ("徐州", "Xuzhou"),
    ("常州", "Changzhou"),
    ("绍兴", "Shaoxing"),
    ("泉州", "Quanzhou"),
    ("洛阳", "Luoyang"),
    ("桂林", "Guilin"),
    ("香港", "Hong Kong"),
    ("澳门", "Macao"),
    ("浦东", "Pudong"),
    ("雄安", "Xiong'an"),
]

AREA_CODES = ["010", "022", "021", "023", "0755", "020", "0571", "025", "0512", "0510", "0574"]
AREA_CODES += ["0577", "0551", "0591", "0592", "0791", "0531", "0532", "0371", "027", "0731"]
AREA_CODES += ["0771", "0898", "028", "0851", "0871", "0891", "029", "0931", "0971", "0951"]


# --------------------------------------------------------------------------- synthetic data


class Copier:
    """Makes copy k of a channel with its own names and numbers."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        value = make()
        for _ in range(100):  # a small space (3-digit extensions) may run out: then repeat
            if value not in self.used:
                break
            value = make()
        self.used.add(value)
        return value

    def landline(self) -> str:
        def make() -> str:
            code = self.rng.choice(AREA_CODES)
            digits = 8 if len(code) == 3 else self.rng.choice((7, 8))
            first = str(self.rng.randint(2, 8))  # landlines do not start with 0 or 1
            rest = "".join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))
            return f"{code}-{first}{rest}"

        return self._unique(make)

    def digits(self, n: int) -> str:
        return self._unique(lambda: str(self.rng.randint(10 ** (n - 1), 10**n - 1)))

    def route(self, r: model.Route, city: str) -> model.Route:
        steps = r.steps
        if steps and len(steps[-1]) >= 3:  # an extension: give the copy its own
            steps = (*steps[:-1], self.digits(len(steps[-1])))
        return msgspec.structs.replace(
            r,
            steps=steps,
            label_zh=f"{city}{r.label_zh}" if r.label_zh else "",
            aliases=tuple(f"{city}{a}" for a in r.aliases),
        )

    def contact(self, c: model.Contact, k: int, city: str) -> model.Contact:
        if isinstance(c, model.Phone):
            number = c.number if c.number.startswith("400") else self.landline()
            return model.Phone(number, tuple(self.route(r, city) for r in c.routes), c.label_zh)
        if isinstance(c, model.Fax):
            return model.Fax(self.landline())
        if isinstance(c, model.Email):
            local, _, domain = c.address.partition("@")
            return model.Email(f"{local}{k}@{domain}")
        if isinstance(c, model.Address):
            postcode = self.digits(6) if c.postcode else None
            return model.Address(f"{city}{c.text_zh}", postcode)
        if isinstance(c, model.Account):
            account = c.account_id
            if account and account.isdigit():
                account = self.digits(len(account))
            return model.Account(c.platform, f"{city}{c.name}", account)
        if isinstance(c, model.Via) and c.channel_id:
            return msgspec.structs.replace(c, channel_id=f"{c.channel_id}-s{k}")
        return c

    def channel(self, ch: model.Channel, k: int) -> model.Channel:
        city, city_en = CITIES[(k - 1) % len(CITIES)]
        if k > len(CITIES):  # past the list, number the branches: 北京二分部 style
            city = f"{city}{(k - 1) // len(CITIES) + 1}号"
            city_en = f"{city_en} {(k - 1) // len(CITIES) + 1}"
        return msgspec.structs.replace(
            ch,
            id=f"{ch.id}-s{k}",
            name_zh=f"{city}{ch.name_zh}",
            name_en=f"{ch.name_en} ({city_en})",
            summary_zh=f"{city}：{ch.summary_zh}",
            summary_en=f"{city_en}: {ch.summary_en}",
            aliases=tuple(f"{city}{a}" if has_cjk(a) else a for a in ch.aliases),
            contacts=tuple(self.contact(c, k, city) for c in ch.contacts),
        )


def scaled(real: model.Directory, scale: int) -> model.Directory:
    """The real directory followed by `scale - 1` varied copies of its channels."""
    copier = Copier(seed=scale)
    channels = list(real.channels)
    for k in range(1, scale):
        channels.extend(copier.channel(ch, k) for ch in real.channels)
    # A new Directory, not structs.replace: replace() would hand over the real one's id map.
    return model.Directory(
        title_zh=real.title_zh,
        source_document_zh=real.source_document_zh,
        areas=real.areas,
        channels=tuple(channels),
    )


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100)
    return ordered[int(rank) - 1]


@dataclasses.dataclass
class Scale:
    scale: int
    channels: int
    keys: int
    build_s: float
    searcher_ms: float
    samples_ms: list[float]
    per_query_ms: dict[str, float]  # median per query
    hits: dict[str, int]
    question_ms: list[float]  # every run of every question

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.samples_ms, 99)


def measure(
    real: model.Directory,
    scale: int,
    repeat: int,
    char_pinyin: Callable[[], dict[str, tuple[str, ...]]],
    pinyin: Callable[[str], list[str]],
) -> Scale:
    directory = scaled(real, scale)
    gc.collect()
    start = time.perf_counter()
    index = search.build_index(directory, pinyin)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    # The second reader's counts name the real channels, which copy 0 keeps.
    searcher = search.Searcher(directory, index, char_pinyin, reader=learned.load)
    searcher_ms = (time.perf_counter() - start) * 1000

    hits = {q: len(searcher.search(q, 10)) for q in QUERIES + QUESTIONS}  # warm-up
    samples: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    questions: list[float] = []
    gc.collect()
    for _ in range(repeat):
        for q in QUERIES:  # interleaved, so drift hits every query alike
            t0 = time.perf_counter_ns()
            searcher.search(q, 10)
            ms = (time.perf_counter_ns() - t0) / 1e6
            samples.append(ms)
            per_query[q].append(ms)
        for q in QUESTIONS:
            t0 = time.perf_counter_ns()
            searcher.search(q, 10)
            questions.append((time.perf_counter_ns() - t0) / 1e6)
    return Scale(
        scale,
        len(directory.channels),
        len(index.keys),
        build_s,
        searcher_ms,
        samples,
        {q: percentile(v, 50) for q, v in per_query.items()},
        hits,
        questions,
    )


def width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per query (default 10)")
    parser.add_argument("--scales", default="1,10,100", help="sizes to test (default 1,10,100)")
    parser.add_argument("--slowest", type=int, default=8, help="slowest queries to list")
    args = parser.parse_args()
    scales = sorted({int(s) for s in args.scales.split(",")})
    if args.repeat < 1 or not scales or scales[0] < 1:
        parser.error("--repeat and every scale must be at least 1")

    # The directory is read through the package's own cache: point it at a scratch folder, so
    # the user's cache is neither read nor written (and the first load is a cold one).
    with tempfile.TemporaryDirectory(prefix="sse-channels-bench-") as scratch:
        os.environ["SSE_CHANNELS_CACHE_DIR"] = scratch
        os.environ.pop("SSE_CHANNELS_NO_CACHE", None)
        return run(args.repeat, scales, args.slowest)


def run(repeat: int, scales: list[int], slowest: int) -> int:
    import platform

    print(
        f"machine: {platform.platform()} · {platform.python_implementation()} "
        f"{platform.python_version()} · {os.cpu_count()} CPUs"
    )

    t0 = time.perf_counter()
    from pypinyin import lazy_pinyin

    pypinyin_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    real, _ = store.load(None)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = search.char_pinyin_table()
    table_s = time.perf_counter() - t0
    print(
        f"real directory: {len(real.areas)} areas, {len(real.channels)} channels "
        f"(first load, cache empty: {load_s:.2f} s after import pypinyin {pypinyin_s:.2f} s); "
        f"character pinyin table {table_s:.2f} s ({len(table)} characters)"
    )
    print(f"{len(QUERIES)} queries x {repeat} runs per scale, interleaved; times in ms")
    print()

    results: list[Scale] = []
    print(
        f"{'scale':>6}{'channels':>10}{'keys':>9}{'index build s':>15}{'Searcher() ms':>15}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    for scale in scales:
        r = measure(real, scale, repeat, lambda: table, lazy_pinyin)
        results.append(r)
        print(
            f"{str(scale) + 'x':>6}{r.channels:>10}{r.keys:>9}{r.build_s:>15.2f}"
            f"{r.searcher_ms:>15.2f}{r.p50:>9.3f}{r.p99:>9.3f}{max(r.samples_ms):>9.3f}"
        )

    biggest = results[-1]
    print()
    print(f"slowest queries at {biggest.scale}x (median ms; results found at 1x):")
    slow = sorted(biggest.per_query_ms.items(), key=lambda kv: -kv[1])[:slowest]
    cols = max(width(q) for q, _ in slow) + 2
    for q, ms in slow:
        line = "  " + ljust(q, cols) + f"{ms:>9.3f}"
        line += "".join(f"{r.per_query_ms[q]:>9.3f} @{r.scale}x" for r in results[:-1])
        print(line + f"   ({results[0].hits[q]} results)")
    print()
    print(f"{len(QUESTIONS)} questions in people's words (read by the second reader too), p50 ms:")
    print("  " + ", ".join(f"{r.scale}x {percentile(r.question_ms, 50):.2f}" for r in results))
    empty = [q for q, n in results[0].hits.items() if n == 0]
    if empty:
        print(f"queries with no result at 1x: {', '.join(empty)}")

    print()
    print("targets:")
    by_scale = {r.scale: r for r in results}
    if 1 in by_scale:
        p50 = by_scale[1].p50
        ok = p50 <= TARGET_P50_REAL_MS
        print(f"  {'PASS' if ok else 'FAIL'}  p50 on the real data {p50:.3f} ms (<= 1 ms)")
    if 100 in by_scale:
        p50 = by_scale[100].p50
        ok = p50 <= TARGET_P50_100X_MS
        print(f"  {'PASS' if ok else 'FAIL'}  p50 at 100x {p50:.3f} ms (<= 20 ms)")
    if 1 in by_scale and 100 in by_scale:
        growth = by_scale[100].p50 / by_scale[1].p50
        ok = growth <= 100
        print(
            f"  {'PASS' if ok else 'FAIL'}  growth p50(100x)/p50(1x) = {growth:.1f} "
            "(<= 100: no worse than linear)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
