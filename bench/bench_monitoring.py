"""Speed and quality of media monitoring's text stage, on real Persian news.

Run by hand from the repository root:

    .venv/bin/python bench/bench_monitoring.py [--data DIR] [--seed N]

Builds the material from fars-news-{1..5}.json (1,500 articles):

- wire copies, made as agencies republish: another headline, a new lead in place of
  the first paragraph, paragraphs cut from the end or the middle, and the agency's own
  typing (Arabic ي/ك, ZWNJ dropped or spaced);
- hard negatives: for each original, the other article of the corpus closest to it in
  vocabulary (a different story about the same event or subject), and a "same event"
  rewrite that shares the original's dateline and lead but tells another story;
- the rest of the corpus as background.

Every item goes through the text stage as the worker runs it: parse an RSS feed
(feedparser), normalize, MinHash signature, LSH lookup and the overlap check, cluster,
and watch-list matching. Reported: items per second on one core; pair precision and
recall of the clusters on the labelled pairs (and precision over every pair the clusters
make); mention recall and precision on a labelled set of spelling variants.
Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree two levels down looks further up).
DEFAULT_DATA = next(
    (
        up / "shared" / "data" / "persian-news"
        for up in Path(__file__).resolve().parents[1:]
        if (up / "shared" / "data" / "persian-news").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "data" / "persian-news",
)
FILES = [f"fars-news-{n}.json" for n in range(1, 6)]

TARGET_RATE = 1000.0
TARGET_PRECISION = 0.98
TARGET_RECALL = 0.97
TARGET_MENTION_RECALL = 0.98

AGENCIES = ["ایرنا", "ایسنا", "مهر", "تسنیم", "گیلان امروز", "صدا و سیمای مرکز گیلان"]
CITIES = ["رشت", "لاهیجان", "رودسر", "لنگرود", "آستانه اشرفیه", "تهران"]


def load(data: Path) -> list[dict]:
    articles: list[dict] = []
    seen: set[str] = set()
    for name in FILES:
        with (data / name).open(encoding="utf-8") as f:
            for article in json.load(f):
                key = article.get("title", "").strip()
                paragraphs = [p for p in article.get("paragraphs") or [] if p.strip()]
                if key and key not in seen and paragraphs:
                    seen.add(key)
                    articles.append({**article, "paragraphs": paragraphs})
    return articles


def retype(text: str, rng: random.Random) -> str:
    """An agency's own typing of the same words."""
    if rng.random() < 0.5:
        text = text.replace("ی", "ي").replace("ک", "ك")
    else:
        text = text.replace("ي", "ی").replace("ك", "ک")
    choice = rng.random()
    if choice < 0.3:
        text = text.replace("\u200c", "")
    elif choice < 0.6:
        text = text.replace("\u200c", " ")
    return text


def wire_copy(article: dict, rng: random.Random, n: int) -> dict:
    paragraphs = list(article["paragraphs"])
    agency = rng.choice(AGENCIES)
    city = rng.choice(CITIES)
    title_words = article["title"].split()
    # Another headline: the agency's own, built from the story's words in another order.
    cut = max(2, len(title_words) // 2)
    headline = " ".join([*title_words[cut:], "؛", *title_words[:cut]])
    lead = f"به گزارش خبرنگار {agency} از {city}، " + " ".join(title_words) + "."
    body = paragraphs[1:] if len(paragraphs) > 2 else paragraphs
    if len(body) > 3:
        keep = max(2, int(len(body) * rng.uniform(0.55, 0.95)))
        body = body[:keep]
    if len(body) > 4 and rng.random() < 0.5:
        del body[rng.randrange(1, len(body) - 1)]
    if len(paragraphs) <= 2:
        # A short story: the copy keeps it whole under its own lead.
        body = paragraphs
    return {
        "title": retype(headline, rng),
        "text": retype(" ".join([lead, *body]), rng),
        "family": article["id"],
        "id": f"{article['id']}-copy{n}",
    }


_STOP = None


def vocabulary(article: dict) -> set[str]:
    words = re.findall(r"\w+", " ".join([article["title"], *article["paragraphs"]]))
    return {w for w in words if len(w) > 3 and w not in (_STOP or set())}


def nearest_other(articles: list[dict], index: int) -> int:
    mine = articles[index]["vocab"]
    best, best_score = -1, -1.0
    for j, other in enumerate(articles):
        if j == index:
            continue
        inter = len(mine & other["vocab"])
        score = inter / (len(mine | other["vocab"]) or 1)
        if score > best_score:
            best, best_score = j, score
    return best


def feed_xml(items: list[dict]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
    ]
    for item in items:
        parts.append(
            f"<item><title>{escape(item['title'])}</title>"
            f"<link>https://news.test/{item['id']}</link>"
            f"<pubDate>{item['date']}</pubDate>"
            f"<description>{escape(item['text'])}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def mention_set(articles: list[dict], rng: random.Random) -> tuple[list, list]:
    """Texts with watched names typed every way they are typed, and texts without them."""
    from ravabet.lib.persian import normalize
    from ravabet.monitoring.text import Watch

    names = {
        1: ["مهدی رحیمی‌پور", "شهردار رودسر"],
        2: ["شهرداری لاهیجان", "شهرداری‌ لاهیجان"],
        3: ["کیوان شیرازی‌نیا"],
        4: ["بوستان ساحلی کلاچای"],
        5: ["پیاده‌راه فرهنگی لنگرود"],
        6: ["علی‌اکبر یکتا"],
    }
    exclusions = {3: ["خیابان کیوان شیرازی‌نیا"]}
    watches = [
        Watch(
            key=k,
            group=1,
            aliases=tuple(normalize(a) for a in v),
            exclusions=tuple(normalize(e) for e in exclusions.get(k, ())),
        )
        for k, v in names.items()
    ]

    def variants(name: str) -> list[str]:
        out = {
            name,
            name.replace("ی", "ي"),
            name.replace("ک", "ك"),
            name.replace("ی", "ي").replace("ک", "ك"),
            name.replace("\u200c", ""),
            name.replace("\u200c", " "),
            name.replace(" ", "  "),
            name.replace(" ", "\u200c"),
            name.replace("ی", "ي").replace("\u200c", ""),
            name.replace("ه", "ة") if name.endswith("ه") else name,
            "ـ".join(name[:3]) + name[3:],
            name + "ی" if not name.endswith("ی") else name,
        }
        return sorted(out)

    positives = []
    negatives = []
    for key, aliases in names.items():
        for alias in aliases:
            for variant in variants(alias):
                for _ in range(4):
                    host = rng.choice(articles)["paragraphs"]
                    para = rng.choice(host)
                    words = para.split()
                    at = rng.randrange(0, len(words) + 1)
                    text = " ".join([*words[:at], variant, *words[at:]])
                    positives.append((text, key))
    for _ in range(400):
        host = rng.choice(articles)["paragraphs"]
        negatives.append(rng.choice(host))
    # Excluded phrases and names inside other words are not mentions.
    negatives += ["در خیابان کیوان شیرازی‌نیا ترافیک سنگین است."] * 10
    return watches, positives + [(t, None) for t in negatives]


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark media monitoring's text stage.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--originals", type=int, default=500)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ravabet.settings")
    os.environ.setdefault("RAVABET_DEBUG", "1")
    import django

    django.setup()
    from ravabet.lib.persian import normalize
    from ravabet.monitoring import text
    from ravabet.monitoring.fetcher import parse_feed

    rng = random.Random(args.seed)
    articles = load(args.data)
    for i, article in enumerate(articles):
        article["id"] = f"a{i}"
    global _STOP
    counts = Counter(
        w for a in articles for w in set(re.findall(r"\w+", " ".join(a["paragraphs"])))
    )
    _STOP = {w for w, c in counts.items() if c > len(articles) * 0.05}
    for article in articles:
        article["vocab"] = vocabulary(article)

    chosen = rng.sample(range(len(articles)), min(args.originals, len(articles)))
    items: list[dict] = []
    for article in articles:
        items.append(
            {
                "title": article["title"],
                "text": " ".join(article["paragraphs"]),
                "family": article["id"],
                "id": article["id"],
            }
        )
    positives: list[tuple[str, str]] = []
    negatives: list[tuple[str, str]] = []
    for index in chosen:
        article = articles[index]
        copies = [wire_copy(article, rng, n) for n in (1, 2)]
        items.extend(copies)
        family = [article["id"], *(c["id"] for c in copies)]
        positives.extend(combinations(family, 2))
        other = articles[nearest_other(articles, index)]
        negatives.append((article["id"], other["id"]))
        negatives.append((copies[0]["id"], other["id"]))
        # Same event, another story: the original's dateline and lead, another body.
        rewrite = {
            "title": article["title"],
            "text": " ".join([article["paragraphs"][0], *other["paragraphs"][1:]])
            if len(other["paragraphs"]) > 1
            else article["paragraphs"][0] + " " + other["paragraphs"][0],
            # Mostly the other article's text: a copy of that story, not of this one.
            "family": other["id"],
            "id": f"{article['id']}-event",
        }
        if len(" ".join(other["paragraphs"][1:])) > 3 * len(article["paragraphs"][0]):
            items.append(rewrite)
            negatives.append((article["id"], rewrite["id"]))
    rng.shuffle(items)
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for n, item in enumerate(items):
        item["date"] = (start + dt.timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")

    # The watch lists of an eastern Gilan network, run over every item as in the worker.
    watches, mention_cases = mention_set(articles, rng)
    matcher = text.Matcher(watches)

    feeds = [feed_xml(items[i : i + 50]) for i in range(0, len(items), 50)]
    fetched_at = dt.datetime.now(dt.UTC)

    def run() -> tuple[dict[str, int], float, float]:
        index = text.NearDuplicates()
        cluster_of: dict[str, int] = {}
        keys: dict[int, str] = {}
        seed_of: dict[int, int] = {}  # a cluster's first item (its index key)
        clusters = 0
        began = time.process_time()
        began_wall = time.perf_counter()
        n = 0
        for feed in feeds:
            parsed = parse_feed(feed, "application/rss+xml; charset=utf-8", fetched_at)
            for entry in parsed.entries:
                norm = normalize(f"{entry.title}\n{entry.summary}")
                sig = text.signature(norm)
                similar = index.similar(sig)
                list(matcher.find(norm))
                item_id = entry.url.rsplit("/", 1)[1]
                n += 1
                keys[n] = item_id
                seeds = {key: seed_of.get(cluster_of.get(keys[key], -1)) for key, _s, _j in similar}
                chosen = text.pick_story(similar, seeds)
                if chosen is not None:
                    best = keys[chosen]
                    if best not in cluster_of:
                        clusters += 1
                        cluster_of[best] = clusters
                        seed_of[clusters] = chosen
                    cluster_of[item_id] = cluster_of[best]
                index.add(n, sig)
        return cluster_of, time.process_time() - began, time.perf_counter() - began_wall

    runs = [run() for _ in range(3)]
    cluster_of = runs[0][0]
    seconds = min(r[1] for r in runs)
    wall = min(r[2] for r in runs)
    rate = len(items) / seconds

    def same(a: str, b: str) -> bool:
        return a in cluster_of and cluster_of.get(a) == cluster_of.get(b)

    tp = sum(same(a, b) for a, b in positives)
    fn = len(positives) - tp
    fp = sum(same(a, b) for a, b in negatives)
    precision = tp / ((tp + fp) or 1)
    recall = tp / (len(positives) or 1)
    family_of = {item["id"]: item["family"] for item in items}
    members: dict[int, list[str]] = {}
    for key, cid in cluster_of.items():
        members.setdefault(cid, []).append(key)
    all_pairs = wrong_pairs = 0
    for group in members.values():
        for a, b in combinations(group, 2):
            all_pairs += 1
            wrong_pairs += family_of[a] != family_of[b]
    all_precision = 1 - wrong_pairs / (all_pairs or 1)

    found = missed = false = 0
    started = time.perf_counter()
    for sample, expected in mention_cases:
        keys_found = {hit.key for hit in matcher.find(normalize(sample))}
        if expected is None:
            false += bool(keys_found)
        elif expected in keys_found:
            found += 1
        else:
            missed += 1
    match_seconds = time.perf_counter() - started
    mention_recall = found / ((found + missed) or 1)
    negatives_count = sum(1 for _s, e in mention_cases if e is None)

    rows = [
        ("machine load (1 min, all cores shared)", f"{os.getloadavg()[0]:.1f}"),
        ("articles in the corpus", f"{len(articles):,}"),
        ("items (originals, wire copies, same-event rewrites)", f"{len(items):,}"),
        ("text stage CPU time, best of 3 (parse, normalize, dedup, match)", f"{seconds:.2f} s"),
        ("text stage throughput, one core", f"{rate:,.0f} items/s"),
        ("text stage wall time, best of 3", f"{wall:.2f} s ({len(items) / wall:,.0f} items/s)"),
        ("labelled pairs: positive / negative", f"{len(positives):,} / {len(negatives):,}"),
        ("cluster pair precision (labelled)", f"{precision:.4f}"),
        ("cluster pair recall (labelled)", f"{recall:.4f}  ({fn} missed)"),
        (
            "precision over all pairs the clusters make",
            f"{all_precision:.4f}  ({wrong_pairs} of {all_pairs:,} wrong)",
        ),
        ("mention cases: variants / negatives", f"{found + missed:,} / {negatives_count:,}"),
        ("mention recall", f"{mention_recall:.4f}  ({missed} missed)"),
        ("mention false positives", f"{false}"),
        ("matching alone", f"{len(mention_cases) / match_seconds:,.0f} texts/s"),
    ]
    for label, value in rows:
        print(f"{label:58} {value}")
    if os.environ.get("BENCH_DEBUG"):
        by_id = {item["id"]: item for item in items}
        shown = 0
        sig_of = {
            k: text.signature(normalize(f"{by_id[k]['title']}\n{by_id[k]['text']}"))
            for k in family_of
        }
        for group in members.values():
            for a, b in combinations(group, 2):
                if family_of[a] != family_of[b] and shown < 12:
                    shown += 1
                    sa, sb = sig_of[a], sig_of[b]
                    print(
                        f"wrong {a} {b} j={sa.minhash.jaccard(sb.minhash):.2f} "
                        f"o={text.overlap(sa, sb):.2f} sizes={sa.size},{sb.size}"
                    )
        for sample, expected in mention_cases:
            if expected is not None and expected not in {
                h.key for h in matcher.find(normalize(sample))
            }:
                print("missed mention", expected, sample[:80])
    failures = []
    if rate < TARGET_RATE:
        failures.append(f"throughput {rate:.0f} < {TARGET_RATE:.0f} items/s")
    if precision < TARGET_PRECISION:
        failures.append(f"precision {precision:.3f} < {TARGET_PRECISION}")
    if recall < TARGET_RECALL:
        failures.append(f"recall {recall:.3f} < {TARGET_RECALL}")
    if mention_recall < TARGET_MENTION_RECALL:
        failures.append(f"mention recall {mention_recall:.3f} < {TARGET_MENTION_RECALL}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
