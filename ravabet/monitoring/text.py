"""The text stage of the ingest: canonical URLs, shingles, MinHash signatures, the
near-duplicate index, watch-list matching and release containment.

Plain Python and numpy (no Django import), so the benchmark measures exactly what the
worker runs.

- Text is read as ``persian.normalize`` leaves it: ي/ی, ك/ک, ZWNJ and runs of spaces are
  already one spelling.
- Shingles are word 3-grams; a MinHash signature of ``NUM_PERM`` values (datasketch, with
  CRC-32 of the shingle as the base hash: stable across processes, so signatures are
  stored and the index is rebuilt from the database without reading the text again).
- Two items are copies of one story when the estimated share of the smaller item's
  shingles found in the other (the overlap coefficient, from the Jaccard estimate and the
  two sizes) reaches ``SAME_STORY``: a wire copy with a new lead and cut paragraphs is
  mostly made of the original, a different story on the same event is not.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
# LSH finds candidates down to this Jaccard; the overlap check decides.
LSH_THRESHOLD = 0.2
SAME_STORY = 0.5
# Above this Jaccard from the same source, the item is the same item again (a changed URL).
SAME_ITEM = 0.9
SHINGLE = 3

_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=14).permutations


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


# --- URLs ---------------------------------------------------------------------------

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|yclid$|mc_|ref$|from$|rss$|source$)")


def canonical_url(url: str) -> str:
    """One spelling of an article's address: scheme and host lower-cased, ``www.`` and
    the default port dropped, tracking parameters and the fragment removed, the query
    sorted, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


# --- shingles and signatures --------------------------------------------------------


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def shingle_hashes(text: str) -> set[int]:
    return {zlib.crc32(s) for s in shingles(text)}


@dataclass
class Signature:
    minhash: MinHash
    size: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype=np.uint64).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        values = np.frombuffer(data, dtype=np.uint64)
        return cls(_minhash(values), size)


def _minhash(values: np.ndarray | None = None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        hashfunc=_crc,
        permutations=_PERMUTATIONS,
        hashvalues=values,
        scheme="affine32",
    )


def signature(text: str) -> Signature:
    found = shingles(text)
    minhash = _minhash()
    minhash.update_batch(found)
    return Signature(minhash, len(found))


def overlap(a: Signature, b: Signature) -> float:
    """Estimated |A∩B| / min(|A|, |B|) from the Jaccard estimate and the sizes."""
    if not a.size or not b.size:
        return 0.0
    jaccard = a.minhash.jaccard(b.minhash)
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return min(1.0, shared / min(a.size, b.size))


class NearDuplicates:
    """The in-memory LSH index of recent items' signatures, keyed by item id."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, Signature] = {}
        self.last_id = 0

    def __len__(self) -> int:
        return len(self.signatures)

    def add(self, key: int, sig: Signature) -> None:
        if key in self.signatures or not sig.size:
            return
        self.lsh.insert(key, sig.minhash)
        self.signatures[key] = sig
        self.last_id = max(self.last_id, key)

    def remove(self, key: int) -> None:
        if self.signatures.pop(key, None) is not None:
            self.lsh.remove(key)

    def similar(self, sig: Signature) -> list[tuple[int, float, float]]:
        """(key, overlap, jaccard) of the indexed items that are the same story, best first."""
        if not sig.size:
            return []
        found = []
        for key in self.lsh.query(sig.minhash):
            other = self.signatures[key]
            share = overlap(sig, other)
            if share >= SAME_STORY:
                found.append((key, share, sig.minhash.jaccard(other.minhash)))
        found.sort(key=lambda row: (-row[1], row[0]))
        return found


# --- watch lists --------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
# Persian endings an alias may take and still be the name: رودسری، رودسرها.
_SUFFIX = "(?:ی|ها|های|هایی|ای)?"
SNIPPET = 90


@dataclass(frozen=True)
class Watch:
    key: int
    group: int  # the municipality
    aliases: tuple[str, ...]  # normalized
    exclusions: tuple[str, ...] = ()  # normalized


@dataclass(frozen=True)
class Hit:
    key: int
    group: int
    alias: str
    start: int
    end: int


def _compact(text: str) -> tuple[str, list[int]]:
    """The text without spaces, and where each of its characters stands in the text."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


class Matcher:
    """Every watch list's aliases in one regular expression, run on the normalized text
    with its spaces removed (so "عبد الله" and "عبدالله" are one), and each match then
    checked for word boundaries in the text as written."""

    def __init__(self, watches: Iterable[Watch]) -> None:
        self.watches = list(watches)
        self.by_alias: dict[str, list[Watch]] = {}
        for watch in self.watches:
            for alias in watch.aliases:
                compact = _SPACE.sub("", alias)
                if compact:
                    self.by_alias.setdefault(compact, []).append(watch)
        self.exclusions = {
            w.key: [_SPACE.sub("", e) for e in w.exclusions if e.strip()] for w in self.watches
        }
        alternatives = sorted(self.by_alias, key=len, reverse=True)
        self.pattern = (
            re.compile("(" + "|".join(re.escape(a) for a in alternatives) + ")" + _SUFFIX)
            if alternatives
            else None
        )

    def find(self, text: str) -> Iterator[Hit]:
        """Each watch list found in `text` (normalized), once, at its first good match."""
        if self.pattern is None or not text:
            return
        compact, where = _compact(text)
        seen: set[int] = set()
        excluded = self._excluded_spans(compact)
        for match in self.pattern.finditer(compact):
            start, end = where[match.start()], where[match.end() - 1] + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < len(text) and text[end].isalnum():
                continue
            for watch in self.by_alias[match.group(1)]:
                if watch.key in seen:
                    continue
                spans = excluded.get(watch.key, ())
                if any(s <= match.start() and match.end(1) <= e for s, e in spans):
                    continue
                seen.add(watch.key)
                yield Hit(watch.key, watch.group, match.group(1), start, end)

    def _excluded_spans(self, compact: str) -> dict[int, list[tuple[int, int]]]:
        spans: dict[int, list[tuple[int, int]]] = {}
        for key, phrases in self.exclusions.items():
            for phrase in phrases:
                start = compact.find(phrase)
                while start != -1:
                    spans.setdefault(key, []).append((start, start + len(phrase)))
                    start = compact.find(phrase, start + 1)
        return spans


def snippet(text: str, start: int, end: int, width: int = SNIPPET) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left:
        left = text.find(" ", left, start) + 1 or left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut > 0 else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


# --- press releases -----------------------------------------------------------------

# A pickup shares at least this many shingles with the release, and either carries this
# share of the release or is itself mostly made of it (a short item quoting a long one).
PICKUP_SHARED = 12
PICKUP_CONTAINMENT = 0.2
PICKUP_ARTICLE_SHARE = 0.5


def containment(release: set[int], article: set[int]) -> float | None:
    """The share of the release found in the article, when it is a pickup; else None."""
    if not release or not article:
        return None
    shared = len(release & article)
    if shared < PICKUP_SHARED:
        return None
    share = shared / len(release)
    if share >= PICKUP_CONTAINMENT or shared / len(article) >= PICKUP_ARTICLE_SHARE:
        return min(1.0, share)
    return None
