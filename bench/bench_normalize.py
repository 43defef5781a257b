"""Throughput and correctness of ravabet.lib.persian.normalize on real news text.

Run by hand from the repository root:

    .venv/bin/python bench/bench_normalize.py [--data DIR] [--runs N]

Loads every title, abstract and paragraph of fars-news-{1..5}.json, normalizes
them all, reports the best of N timed runs, and checks that no Arabic letter
variant, tatweel, haraka, Arabic-Indic/Persian digit or ZWNJ survives. Exits
non-zero if a check fails, so it doubles as a smoke test on a large corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "persian-news"
FILES = [f"fars-news-{n}.json" for n in range(1, 6)]

TATWEEL = "\u0640"
ZWNJ = "\u200c"
NON_LATIN_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def load_texts(data: Path) -> list[str]:
    missing = [name for name in FILES if not (data / name).is_file()]
    if missing:
        sys.exit(
            f"Missing {', '.join(missing)} in {data}.\n"
            "Point --data at the directory holding the Fars news JSON files."
        )
    texts: list[str] = []
    for name in FILES:
        with (data / name).open(encoding="utf-8") as f:
            articles = json.load(f)
        for article in articles:
            texts.append(article.get("title") or "")
            texts.append(article.get("abstract") or "")
            texts.extend(article.get("paragraphs") or [])
    return texts


def best_time(func: Callable[[str], object], texts: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def count(texts: Iterable[str], chars: str) -> int:
    return sum(text.count(ch) for text in texts for ch in chars)


def is_arabic_mark(ch: str) -> bool:
    return 0x0610 <= ord(ch) <= 0x08FF and unicodedata.category(ch) == "Mn"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark ravabet.lib.persian.normalize.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory of the JSON")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()

    # Run as a script, so the repository root is not on sys.path by itself.
    sys.path.insert(0, str(REPO))
    from ravabet.lib.persian import normalize, search_tokens

    texts = load_texts(args.data)
    total_chars = sum(map(len, texts))
    outputs = [normalize(text) for text in texts]

    seconds = best_time(normalize, texts, args.runs)
    token_seconds = best_time(search_tokens, texts, args.runs)

    bad_outputs = sum(
        1
        for out in outputs
        if TATWEEL in out or any(ch in NON_LATIN_DIGITS or is_arabic_mark(ch) for ch in out)
    )
    # Idempotence on the whole corpus, cheap next to the timing runs.
    unstable = sum(1 for out in outputs if normalize(out) != out)
    rows = [
        ("texts (title/abstract/paragraph)", f"{len(texts):,}", ""),
        ("characters", f"{total_chars:,}", ""),
        (f"normalize, best of {args.runs}", f"{seconds:.3f} s", ""),
        ("normalize throughput", f"{total_chars / seconds / 1e6:.1f} M chars/s", ""),
        ("search_tokens throughput", f"{total_chars / token_seconds / 1e6:.1f} M chars/s", ""),
        ("Arabic yeh ي", f"{count(texts, 'ي'):,}", f"{count(outputs, 'ي'):,}"),
        ("Arabic kaf ك", f"{count(texts, 'ك'):,}", f"{count(outputs, 'ك'):,}"),
        ("ZWNJ", f"{count(texts, ZWNJ):,}", f"{count(outputs, ZWNJ):,}"),
        ("tatweel", f"{count(texts, TATWEEL):,}", f"{count(outputs, TATWEEL):,}"),
        ("texts with tatweel/haraka/non-Latin digit", "", f"{bad_outputs:,}"),
        ("outputs changed by a second normalize", "", f"{unstable:,}"),
    ]
    print(f"{'':42} {'before / value':>22} {'after':>10}")
    for label, before, after in rows:
        print(f"{label:42} {before:>22} {after:>10}")

    failures = []
    if count(outputs, "يك"):
        failures.append("Arabic yeh or kaf left after normalize")
    if count(outputs, ZWNJ):
        failures.append("ZWNJ left after normalize")
    if bad_outputs:
        failures.append("tatweel, haraka or non-Latin digit left after normalize")
    if unstable:
        failures.append("normalize is not idempotent on this corpus")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
