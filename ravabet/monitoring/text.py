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
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
# LSH finds candidates down to this Jaccard; the overlap check decides.
LSH_THRESHOLD = 0.2
SAME_STORY = 0.5
# …and share at least this many shingles (a two-line item is not a copy of every story
# that quotes its two lines).
MIN_SHARED = 8
# …and resemble it overall at least this much: a short item wholly quoted inside a long
# one on another subject is not its copy.
MIN_JACCARD = 0.12
# Above this Jaccard from the same source, the item is the same item again (a changed URL).
SAME_ITEM = 0.9
SHINGLE = 3

_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=14, scheme="affine32").permutations


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


# Shingle hashes are made from the words' CRC-32s in numpy (no string per shingle).
_MIX_A = np.uint64(0x9E3779B1)
_MIX_B = np.uint64(0x85EBCA77)
_MASK32 = np.uint64(0xFFFFFFFF)
_PERM_A = np.asarray(_PERMUTATIONS[0], dtype=np.uint32)
_PERM_B = np.asarray(_PERMUTATIONS[1], dtype=np.uint32)


_ASCII_PUNCT = bytes.maketrans(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", b" " * 32)
# One pass of a character class, not a bytes.replace per mark (a third of the time).
_WIDE_PUNCT = re.compile("[،؛؟«»…–—٪]")


def tokens_of(text: str) -> list[bytes]:
    """The words of a normalized text as UTF-8 bytes, punctuation dropped (C-speed passes:
    the text stage's budget is a millisecond an item)."""
    return _WIDE_PUNCT.sub(" ", text).encode().translate(_ASCII_PUNCT).split()


def shingle_array(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's word 3-grams (the words alone when fewer)."""
    tokens = tokens_of(text)
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=len(tokens))
    if len(tokens) >= SHINGLE:
        hashes = ((hashes[:-2] * _MIX_A) ^ (hashes[1:-1] * _MIX_B) ^ hashes[2:]) & _MASK32
    # Sorted, then the runs dropped: np.unique's hash table is six times slower here.
    ordered = np.sort(hashes.astype(np.uint32))
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingle_hashes(text: str) -> set[int]:
    return set(shingle_array(text).tolist())


class _Hashes:
    """A MinHash signature as datasketch's LSH reads it (its ``hashvalues``)."""

    __slots__ = ("hashvalues",)

    def __init__(self, values: np.ndarray) -> None:
        self.hashvalues = values

    def __len__(self) -> int:
        return len(self.hashvalues)

    def jaccard(self, other: _Hashes) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


@dataclass
class Signature:
    minhash: _Hashes
    size: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype=np.uint32).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(_Hashes(np.frombuffer(data, dtype=np.uint32).copy()), size)


def signature(text: str) -> Signature:
    """MinHash over the shingles with datasketch's "affine32" permutations
    (a·h + b mod 2³², a odd: a bijection), applied to all shingles at once."""
    found = shingle_array(text)
    if not len(found):
        return Signature(_Hashes(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)), 0)
    # uint32: the wraparound is the modulo; one row per permutation, so the minimum
    # runs along contiguous memory.
    permuted = _PERM_A[:, None] * found[None, :] + _PERM_B[:, None]
    return Signature(_Hashes(permuted.min(axis=1)), len(found))


def overlap(a: Signature, b: Signature) -> float:
    """Estimated |A∩B| / min(|A|, |B|) from the Jaccard estimate and the sizes; 0 when
    they share fewer than MIN_SHARED shingles."""
    if not a.size or not b.size:
        return 0.0
    jaccard = a.minhash.jaccard(b.minhash)
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    if shared < MIN_SHARED:
        return 0.0
    return min(1.0, shared / min(a.size, b.size))


def pick_story(
    similar: list[tuple[int, float, float]], seed_of: dict[int, int | None]
) -> int | None:
    """Which similar item's story a new item joins: the best one whose story's first
    item is itself among the similar (so a story does not grow by a chain of items each
    like the last), or one that has no story yet. `seed_of` gives each similar item's
    story's first item (None: no story yet)."""
    keys = {key for key, _share, _j in similar}
    for key, _share, _j in similar:
        seed = seed_of.get(key)
        if seed is None or seed == key or seed in keys:
            return key
    return None


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
            jaccard = sig.minhash.jaccard(other.minhash)
            if share >= SAME_STORY and jaccard >= MIN_JACCARD:
                found.append((key, share, jaccard))
        found.sort(key=lambda row: (-row[1], row[0]))
        return found


# --- watch lists --------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
# Persian endings an alias may take and still be the name: رودسری، رودسرها.
SUFFIXES = ("هایی", "های", "ها", "ای", "ی")
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


_WHITE = re.compile(r"\s")


def _spaces(text: str) -> list[int]:
    """Where, in the text without its spaces, each space stood."""
    return [m.start() - n for n, m in enumerate(_WHITE.finditer(text))]


def _original(position: int, spaces: list[int]) -> int:
    """A compact position back in the text: add the spaces that stood before it."""
    return position + bisect_right(spaces, position)


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
            re.compile("(" + "|".join(re.escape(a) for a in alternatives) + ")")
            if alternatives
            else None
        )

    def find(self, text: str) -> Iterator[Hit]:
        """Each watch list found in `text` (normalized), once, at its first good match."""
        if self.pattern is None or not text:
            return
        compact = _WHITE.sub("", text)
        spaces: list[int] | None = None  # counted at the first match only: most texts have none
        seen: set[int] = set()
        excluded: dict[int, list[tuple[int, int]]] | None = None
        for match in self.pattern.finditer(compact):
            if spaces is None:
                spaces = _spaces(text)
            start = _original(match.start(), spaces)
            end = _original(match.end() - 1, spaces) + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < len(text) and text[end].isalnum():
                end = _after_suffix(text, end)
                if end < 0:
                    continue
            if excluded is None:
                excluded = self._excluded_spans(compact)
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


def _after_suffix(text: str, end: int) -> int:
    """Where a Persian ending that follows an alias stops, or -1 if another word goes on."""
    for suffix in SUFFIXES:
        stop = end + len(suffix)
        if text.startswith(suffix, end) and (stop == len(text) or not text[stop].isalnum()):
            return stop
    return -1


_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")


def sentence_with(
    original: str, alias_norm: str, normalize_: object, width: int = 2 * SNIPPET
) -> str:
    """The sentence of the text as written that holds the alias (found on its normalized
    form); "" when none does. `normalize_` is persian.normalize (passed in: no import)."""
    wanted = _WHITE.sub("", alias_norm)
    for sentence in _SENTENCE.split(original):
        if wanted and wanted in _WHITE.sub("", normalize_(sentence)):  # type: ignore[operator]
            sentence = sentence.strip()
            return sentence if len(sentence) <= width else sentence[:width].rsplit(" ", 1)[0] + "…"
    return ""


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
