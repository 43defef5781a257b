"""The one Persian-text normalizer: the same function prepares stored text for
full-text search and the user's query, so both sides agree byte for byte.

Plain Python on purpose (no Django import): it runs in migrations, management
commands, tasks and benchmarks alike.

Decisions:

* Letter variants fold to the Persian letter: Arabic yeh ي and alef maksura ى
  to ی, Arabic kaf ك (and swash kaf ڪ) to ک, teh marbuta ة and the heh
  variants ۀ ۂ ہ ە ۃ to ه, hamza/wasla alefs أ إ ٱ ٲ ٳ ٵ to ا. آ, ئ, ؤ and ء
  are real letters of Persian spelling and are kept (so رئیس and رییس stay two
  spellings). Arabic presentation forms (text copied out of PDFs) are first
  decomposed with NFKC, e.g. ﻻ to لا and ﷼ to ریال.
* Harakat, Quranic marks, superscript alef and tatweel ـ are removed. The
  hamza above in هٔ is removed too (as ۀ folds to ه), but a hamza or madda
  that was typed as a separate combining mark after ی, و or ا is composed
  into ئ, ؤ, آ so that it matches the precomposed letter.
* Arabic-Indic and Persian digits become ASCII digits; the Arabic decimal and
  thousands separators ٫ ٬ and percent sign ٪ become . , %. Nothing else about
  punctuation is touched, so dates, decimals and URLs keep their shape.
* ZWNJ and everything that gets typed in its place or is invisible (zero width
  space, ZWJ, soft hyphen, BOM, word joiner, bidi marks) is removed, i.e. the
  two parts are joined. The ezafe written as a separate ی after silent heh
  (خانه‌ی, خانه ی) is dropped, matching خانهٔ and خانۀ.
* Runs of whitespace collapse to one space, and the ends are stripped.
* A standalone verb prefix (``PREFIXES``: می, نمی) is joined to the following
  word, and a standalone plural/comparative suffix (``SUFFIXES``) to the
  preceding word, so کتاب‌ها, کتابها and کتاب ها all become کتابها. The
  conjunction و never takes part («خشک و تر» is "dry and wet").
* Letters are case-folded (ICT to ict).

The join means a query for کتاب will only find کتابها if the search backend
matches prefixes; that is the price of making the three spellings one token.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Final

__all__ = [
    "PREFIXES",
    "SUFFIXES",
    "WRITTEN_WORD",
    "is_normalized_token",
    "keeps_apart",
    "may_join",
    "normalize",
    "normalizes_word_by_word",
    "search_tokens",
    "sort_key",
    "to_latin_digits",
    "to_persian_digits",
    "tokens_of_normalized",
]

_ZWNJ: Final = "\u200c"

# Written either glued, with ZWNJ or with a space; joined onto the next word.
PREFIXES: Final[tuple[str, ...]] = ("می", "نمی")

# Written either glued, with ZWNJ or with a space; joined onto the previous word.
SUFFIXES: Final[tuple[str, ...]] = (
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "تر",
    "ترین",
    "تری",
)

_PERSIAN_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
_LATIN_DIGITS: Final = "0123456789"

_LETTER_FOLDS: Final[dict[str, str]] = {
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ة": "ه",
    "ۃ": "ه",
    "ۀ": "ه",
    "ۂ": "ه",
    "ہ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ٵ": "ا",
    "\u066b": ".",  # ARABIC DECIMAL SEPARATOR ٫
    "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR ٬
    "\u066a": "%",  # ARABIC PERCENT SIGN ٪
}

# Invisible characters that people (or their keyboards and editors) put where
# a ZWNJ belongs, or that only steer rendering. They all become ZWNJ so that a
# single rule decides what a ZWNJ means.
_ZWNJ_LOOKALIKES: Final[frozenset[int]] = frozenset(
    (
        0x00AD,  # soft hyphen
        0x034F,  # combining grapheme joiner
        0x061C,  # Arabic letter mark
        0x180E,  # Mongolian vowel separator
        *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2060, 0x2065),  # word joiner and invisible operators
        *range(0x2066, 0x2070),  # bidi isolates and deprecated format characters
        0xFEFF,  # BOM / zero width no-break space
    )
)

# Composed after translation (see _compose_hamza); the translation table must
# therefore leave these two marks in place.
_HAMZA_ABOVE: Final = "\u0654"
_MADDAH_ABOVE: Final = "\u0653"

# str.translate looks every character up; a dense list makes that an index
# instead of a dict miss that raises KeyError for almost every Persian letter.
# Characters beyond the BMP raise IndexError and are left unchanged.
_TABLE_SIZE: Final = 0x10000


def _is_arabic_mark(cp: int) -> bool:
    in_arabic_blocks = 0x0610 <= cp <= 0x06FF or 0x08D3 <= cp <= 0x08FF
    return in_arabic_blocks and unicodedata.category(chr(cp)) == "Mn"


def _is_presentation_form(cp: int) -> bool:
    return 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFC


def _base_fold(cp: int) -> str:
    """What one already-decomposed, case-folded character becomes."""
    ch = chr(cp)
    if ch in _LETTER_FOLDS:
        return _LETTER_FOLDS[ch]
    if 0x0660 <= cp <= 0x0669:
        return _LATIN_DIGITS[cp - 0x0660]
    if 0x06F0 <= cp <= 0x06F9:
        return _LATIN_DIGITS[cp - 0x06F0]
    if cp in _ZWNJ_LOOKALIKES:
        return _ZWNJ
    if ch in (_HAMZA_ABOVE, _MADDAH_ABOVE):
        return ch
    if cp == 0x0640 or _is_arabic_mark(cp):  # tatweel, harakat, Quranic marks
        return ""
    return ch


def _fold(cp: int) -> str:
    ch = chr(cp)
    if _is_presentation_form(cp):
        ch = unicodedata.normalize("NFKC", ch)
    return "".join(_base_fold(ord(c)) for c in ch.casefold())


def _casefold_changes() -> list[int]:
    """Code points that casefold() changes, found block-wise because a per-character
    scan of the whole BMP would dominate the import time."""
    changed: list[int] = []
    block = 256
    for start in range(0, _TABLE_SIZE, block):
        if 0xD800 <= start < 0xE000:  # lone surrogates
            continue
        chars = "".join(map(chr, range(start, start + block)))
        if chars.casefold() != chars:
            changed.extend(
                cp for cp in range(start, start + block) if chr(cp).casefold() != chr(cp)
            )
    return changed


# Only these can fold; looking at nothing else keeps the import fast.
_CANDIDATES: Final = frozenset(
    (
        *range(0x0600, 0x0900),
        *_ZWNJ_LOOKALIKES,
        *range(0xFB50, 0xFE00),
        *range(0xFE70, 0xFEFD),
        *_casefold_changes(),
    )
)


def _build_table() -> list[int | str | None]:
    table: list[int | str | None] = list(range(_TABLE_SIZE))
    for cp in _CANDIDATES:
        folded = _fold(cp)
        if folded != chr(cp):
            table[cp] = folded or None
    return table


_TABLE: Final = _build_table()

# After translation only ی, و, ا can carry these marks as separate code points.
_HAMZA_COMPOSITIONS: Final[tuple[tuple[str, str], ...]] = (
    ("ی" + _HAMZA_ABOVE, "ئ"),
    ("و" + _HAMZA_ABOVE, "ؤ"),
    ("ا" + _MADDAH_ABOVE, "آ"),
    (_HAMZA_ABOVE, ""),  # on ه it is the ezafe of هٔ; on ا it was أ
    (_MADDAH_ABOVE, ""),
)

# A ی after silent heh and a ZWNJ is the ezafe; ۀ and هٔ fold to ه, so must it.
_ZWNJ_EZAFE_RE: Final = re.compile(r"ه\u200c+ی(?![\w\u200c])")

_PREFIX_ALTERNATIVES: Final = "|".join(rf"(?<=(?<!\w){re.escape(p)} )" for p in PREFIXES)
_SUFFIX_ALTERNATIVES: Final = "|".join(
    re.escape(s) for s in sorted(SUFFIXES, key=len, reverse=True)
)
# Cheap first tests for the join below, derived so that editing the tuples
# cannot leave them stale.
_PREFIX_LAST_CHARS: Final = "".join(sorted({re.escape(p[-1]) for p in PREFIXES}))
_SUFFIX_OPENINGS: Final = "|".join(sorted({re.escape(s[:2]) for s in SUFFIXES}))

# Runs on whitespace-collapsed text, so every candidate is one space: the
# match is that space (or " ی" for the ezafe) and lookarounds hold the context,
# so nothing can backtrack, and chains like «بزرگ ترین ها» resolve in one pass
# because lookbehinds see the original string. Each branch opens with a
# one-character test so the common space between two ordinary words is
# rejected at once (about twice as fast as testing the full context first).
_JOIN_RE: Final = re.compile(
    " (?:"
    # Standalone می/نمی followed by a word starting with a letter (a verb),
    # but not by the conjunction و, which must stay a word of its own (below).
    rf"(?<=[{_PREFIX_LAST_CHARS}] )(?:{_PREFIX_ALTERNATIVES})(?=[^\W\d_])(?!و(?!\w))"
    # A standalone suffix after a word of letters or digits (دهه ۶۰ ها), but
    # not after the conjunction و: «خشک و تر» is "dry and wet". Neither rule
    # can glue anything onto a standalone و, so a second pass agrees.
    rf"|(?={_SUFFIX_OPENINGS})(?=(?:{_SUFFIX_ALTERNATIVES})(?!\w))(?<=\w )(?<!(?<!\w)و )"
    # Ezafe written as a separate word after silent heh; repeated so that a
    # second pass finds nothing left to remove.
    r"|(?<=ه )ی(?: ی)*(?!\w)"
    ")"
)


# Digit groups joined by . / : - stay one token (decimals, dates, times, phone
# numbers); everything else splits at anything that is not a letter or digit.
_TOKEN_RE: Final = re.compile(r"[0-9]+(?:[./:-][0-9]+)+|[^\W_]+")


def normalize(text: str) -> str:
    """Fold ``text`` to the canonical form used for the search index and queries."""
    text = text.translate(_TABLE)
    if _HAMZA_ABOVE in text or _MADDAH_ABOVE in text:
        text = _compose_hamza(text)
    if _ZWNJ in text:
        text = _ZWNJ_EZAFE_RE.sub("ه", text).replace(_ZWNJ, "")
    text = " ".join(text.split())
    return _JOIN_RE.sub("", text)


# The Persian alphabet's order, which the code points' is not (پ چ ژ گ ک ی are later
# additions to the Arabic block).
_ALPHABET: Final = "آاءأإؤئبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_RANK: Final = {letter: n for n, letter in enumerate(_ALPHABET)}


def sort_key(text: str) -> tuple[tuple[int, int], ...]:
    """A key that orders Persian text alphabetically (ب پ ت …, ک گ ل …), the way
    PostgreSQL's "fa-x-icu" collation does; digits, Latin letters and spaces first."""
    return tuple((1, _RANK[c]) if c in _RANK else (0, ord(c)) for c in normalize(text).casefold())


def _compose_hamza(text: str) -> str:
    for old, new in _HAMZA_COMPOSITIONS:
        text = text.replace(old, new)
    return text


def search_tokens(text: str) -> list[str]:
    """The word tokens of ``normalize(text)``, in order, duplicates kept."""
    return tokens_of_normalized(normalize(text))


def tokens_of_normalized(text: str) -> list[str]:
    """`search_tokens` of a text that is already ``normalize``d, without normalizing it
    again."""
    return _TOKEN_RE.findall(text)


# A word as written: letters and digits with the marks and joiners that belong inside
# Persian words (ZWNJ, ZWJ, harakat, tatweel), so «خیابان‌های» is one word.
_WORD_CHARS: Final = r"\w\u0640\u064b-\u065f\u0670\u200c\u200d"
WRITTEN_WORD: Final = re.compile(f"[{_WORD_CHARS}]+")


def _shifts_words(cp: int) -> bool:
    """Whether the character can make a written word beside it (or holding it) normalize
    otherwise in the text than alone."""
    char = chr(cp)
    folded = char.translate(_TABLE)
    if folded == char:
        return False
    if any(c.isspace() for c in folded):  # a ligature of several words (ﷺ, ﷽)
        return True
    if WRITTEN_WORD.fullmatch(char):  # inside a word, the same alone as in the text
        return False
    # Between words it must stay one separator: removed (ZWSP, a bidi mark, a Quranic
    # mark) it glues its neighbours or lets a hamza compose across; a letter (﷼) or ZWNJ
    # glues them too.
    return len(folded) != 1 or WRITTEN_WORD.match(folded) is not None


# What _TOKEN_RE joins digit groups across (1402/05/12, 3.5, 021-8877).
_DIGIT_JOINERS: Final = "./:-"
# Only characters the table changes can shift a word, or become a digit joiner (٫).
_CHANGED: Final = sorted(cp for cp in _CANDIDATES if _TABLE[cp] != cp)
_SHIFTING: Final = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in _CHANGED if _shifts_words(cp)) + "]"
)
_APART: Final = re.compile(
    rf"[^\s{_WORD_CHARS}"
    + re.escape(_DIGIT_JOINERS)
    + "".join(re.escape(chr(cp)) for cp in _CHANGED if _TABLE[cp] in tuple(_DIGIT_JOINERS))
    + "]"
)


def is_normalized_token(written: str) -> bool:
    """Whether ``normalize`` leaves ``written`` as it is, one token (کتاب, 1403; not
    كتاب, کتاب‌ها or ICT): a cheaper test than normalizing it."""
    return written.isalnum() and written.translate(_TABLE) == written


def normalizes_word_by_word(text: str) -> bool:
    """Whether every `WRITTEN_WORD` of ``text`` normalizes, in ``normalize(text)`` and in
    its place there, as it does alone: no character in the text removes a separator or
    makes one (see `_shifts_words`). Words only join there as `may_join` says.

    So, for such a text, each token of a word alone is a substring of ``normalize(text)``
    at the word's place, in the normalized text's n-th space-separated piece or earlier
    when the word is in the text's n-th."""
    return _SHIFTING.search(text) is None


def may_join(left: str, right: str) -> bool:
    """Whether ``normalize(left + " " + right)`` can be one word, for two words that
    normalize alone to one whole token each (and `normalizes_word_by_word`): a standalone
    prefix before (می شود), a suffix after (کتاب ها), or the ezafe ی after silent heh
    (خانه ی). When False the two stay two tokens, whatever whitespace is between them."""
    return left in PREFIXES or right in SUFFIXES or (right == "ی" and left.endswith("ه"))


def keeps_apart(separator: str) -> bool:
    """Whether two written words with ``separator`` between them stay apart in
    ``normalize``, for words that each make a token alone (and `normalizes_word_by_word`):
    the separator holds a character that normalizes to a separator other than whitespace
    or what joins digit groups (a comma, a quote, a bracket)."""
    return normalizes_word_by_word(separator) and _APART.search(separator) is not None


_TO_PERSIAN_DIGITS: Final = str.maketrans(
    _LATIN_DIGITS + _ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS + _PERSIAN_DIGITS
)
_TO_LATIN_DIGITS: Final = str.maketrans(
    _PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS + "\u066b\u066c",
    _LATIN_DIGITS + _LATIN_DIGITS + ".,",
)
_DECIMAL_POINT_RE: Final = re.compile(r"(?<=[۰-۹])\.(?=[۰-۹])")


def _as_text(value: str | int | Decimal) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")  # str() would give 1E+3 for Decimal("1000").normalize()
    return str(value)


def to_persian_digits(value: str | int | Decimal) -> str:
    """``value`` with Latin and Arabic-Indic digits written as Persian digits."""
    text = _as_text(value).translate(_TO_PERSIAN_DIGITS)
    # Persian zero ۰ is itself a dot, so ۱.۵ reads as ۱۰۵: use the momayyez ٫.
    return _DECIMAL_POINT_RE.sub("\u066b", text)


def to_latin_digits(value: str | int | Decimal) -> str:
    """``value`` with Persian and Arabic-Indic digits (and ٫ ٬) in ASCII, for parsing."""
    return _as_text(value).translate(_TO_LATIN_DIGITS)
