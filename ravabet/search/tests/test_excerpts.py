"""An excerpt's exact output: the words as written around the first match, the matches
marked. `excerpt` skips what cannot match (issue 13); `word_by_word` below is the
definition it must keep to, every written word (and every pair of neighbours) normalized
and compared, as excerpts were cut before."""

from __future__ import annotations

import random

import pytest

from ravabet.lib.persian import WRITTEN_WORD, normalize, search_tokens
from ravabet.search.query import SNIPPET_BEFORE, SNIPPET_WORDS, ParsedQuery, excerpt

START, STOP = "\ue000", "\ue001"


def word_by_word(text: str, query: ParsedQuery) -> str:
    """The excerpt as the definition cuts it: the first word whose tokens (alone, or
    joined with the word before or after into one token) hold a wanted one."""
    words = [(m.start(), m.end()) for m in WRITTEN_WORD.finditer(text)]
    if not words:
        return ""
    wanted = {token for phrase in query.phrases for token in phrase}
    prefix = query.phrases[-1][0] if query.prefix else None

    def wanted_token(token: str) -> bool:
        return token in wanted or (prefix is not None and token.startswith(prefix))

    def marked(number: int) -> bool:
        start, end = words[number]
        if any(wanted_token(token) for token in search_tokens(text[start:end])):
            return True
        for low, high in ((number, number + 1), (number - 1, number)):
            if low >= 0 and high < len(words):
                joined = search_tokens(text[words[low][0] : words[high][1]])
                if len(joined) == 1 and wanted_token(joined[0]):
                    return True
        return False

    first = next((n for n in range(len(words)) if marked(n)), None)
    low = max((first or 0) - SNIPPET_BEFORE, 0)
    high = min(low + SNIPPET_WORDS, len(words))
    parts = ["…"] if low > 0 else []
    position = words[low][0]
    for number in range(low, high):
        start, end = words[number]
        parts.append(text[position:start])
        parts.append(f"{START}{text[start:end]}{STOP}" if marked(number) else text[start:end])
        position = end
    parts.append("…" if high < len(words) else text[position:])
    return " ".join("".join(parts).split())


def shown(text: str, query: str, normalized: str | None = None) -> str:
    """The excerpt with its marks as brackets, checked against the definition."""
    parsed = ParsedQuery.parse(query)
    cut = excerpt(text, parsed, normalized)
    assert cut == word_by_word(text, parsed)
    return cut.replace(START, "[").replace(STOP, "]")


FILLER = " ".join(f"واژه{n}" for n in range(60))


def test_a_match_in_the_title_only_shows_the_texts_beginning_unmarked():
    text = "بازدید استاندار از پروژه‌های عمرانی شهر " + FILLER
    assert shown(text, "زلزله") == (
        "بازدید استاندار از پروژه‌های عمرانی شهر " + " ".join(FILLER.split()[:18]) + "…"
    )


@pytest.mark.parametrize("query", ["کتاب ها", "کتابها", "کتاب‌ها", "کتاب"])
def test_a_suffix_written_apart_is_marked_with_its_word(query):
    assert shown("خرید کتاب ها در نمایشگاه", query) == "خرید [کتاب] [ها] در نمایشگاه"


def test_a_suffix_alone_is_not_the_word_before_it():
    assert shown("خرید کتاب ها در نمایشگاه", "ها") == "خرید کتاب [ها] در نمایشگاه"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("می شود", "این کار [می] [شود] و آن نمی شود"),
        ("میشود", "این کار [می] [شود] و آن نمی شود"),
        ("شود", "این کار می [شود] و آن نمی [شود]"),
        ("نمیشود", "این کار می شود و آن [نمی] [شود]"),
    ],
)
def test_a_prefix_written_apart_is_marked_with_its_verb(query, expected):
    assert shown("این کار می شود و آن نمی شود", query) == expected


def test_the_conjunction_takes_no_suffix():
    # «خشک و تر» is "dry and wet": و and تر stay two words.
    assert shown("هوای خشک و تر", "وتر") == "هوای خشک و تر"


def test_the_ezafe_written_apart_is_marked_with_its_word():
    assert shown("در خانه ی ما", "خانه") == "در [خانه] [ی] ما"
    # Alone it is a word, though the normalized text («در خانه ما») has no ی left.
    assert shown("در خانه ی ما", "ی") == "در خانه [ی] ما"


def test_a_last_word_typed_bare_matches_the_words_it_begins():
    assert shown("سه کتابخانه‌ی تازه و کتابفروشی", "کتابخ") == "سه [کتابخانه‌ی] تازه و کتابفروشی"
    # Quoted, it is a word like any other.
    assert shown("سه کتابخانه‌ی تازه", '"کتابخ"') == "سه کتابخانه‌ی تازه"


def test_a_match_deep_in_a_long_text_is_shown_in_its_window():
    words = [f"واژه{n}" for n in range(500)]
    text = " ".join([*words[:400], "زلزله", *words[400:]])
    expected = "…" + " ".join([*words[394:400], "[زلزله]", *words[400:417]]) + "…"
    assert shown(text, "زلزله") == expected
    assert shown(text, "زلزله", normalize(text)) == expected


def test_zwnj_and_diacritics_are_kept_as_written():
    text = "آسفالت خیابان‌های مرکزی و کِتابخانهٔ شهر"
    assert shown(text, "خیابانهای") == "آسفالت [خیابان‌های] مرکزی و کِتابخانهٔ شهر"
    assert shown(text, "كتابخانه") == "آسفالت خیابان‌های مرکزی و [کِتابخانهٔ] شهر"


def test_a_word_that_normalizes_to_nothing_is_marked_with_its_neighbour():
    # The ZWNJ typed after the comma is a written word of its own: joined with the next
    # one it is that one.
    text = FILLER + " اداره‌ها رعایت نمی‌کنند،\u200c گفت: حفاری‌ها"
    assert shown(text, "گفت") == (
        "…" + " ".join(FILLER.split()[-3:]) + " اداره‌ها رعایت نمی‌کنند،[\u200c] [گفت]: حفاری‌ها"
    )


@pytest.mark.parametrize(
    "mark", ["\u200f", "\u200e", "\u200b", "\u00ad", "\u06d7", "\ufdfc", "\ufdfa"]
)
def test_a_text_with_characters_that_glue_words_is_cut_word_by_word(mark):
    # These change how the words beside them normalize: none of the text is skipped.
    text = FILLER + f" شهر{mark}می شود و آن {mark}خانه{mark} ی کتاب{mark}ها"
    for query in ("میشود", "می", "خانه", "کتابها", "ها", "شهرمیشود"):
        shown(text, query, normalize(text))


def test_digits_joined_across_a_separator_are_one_match():
    assert shown("نرخ ۱۲٫۵ درصد و ۱۲ نفر", "12.5") == "نرخ [۱۲]٫[۵] درصد و ۱۲ نفر"


# Pieces that interact: affixes, the ezafe, separators that normalize in several ways,
# marks, digits, ligatures. Random texts of them probe every shortcut `excerpt` takes.
_PIECES = [
    *("کتاب", "خانه", "شود", "گفت", "ما", "می", "نمی", "ها", "های", "تر", "ی", "و", "ه"),
    *("کتابی", "بشود", "گفتگو", "ماهی", "خانهها"),  # the query's words inside others
    *("12", "۵", "ABC", "_", "\u0654", "\u064e", "ـ", "\ufdfc", "\ufdfa", "\ufc5e"),
    *(" ", " ", " ", " ", "  ", "\n", "\u00a0", "،", "، ", ".", "٫", "/", "-", ":", "«"),
    *("\u200c", "\u200d", "\u200b", "\u200f", "\u00ad", "\u06d7", "\u0610"),
]
_QUERIES = [
    *("کتاب", "کتابها", "کتاب ها", "میشود", "می شود", "شود", "نمی", "خانه", "ی", "ها"),
    *("12", "12.5", "5", "گفت", "abc", "کتابخ", '"خانه ما"', "گفت کتاب", "وتر", "ماها"),
    *('"کتاب"', '"خانه"'),
]


def test_excerpts_match_the_definition_on_random_texts():
    rng = random.Random(1405)
    differ = []
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.5:  # far from the text's beginning
            text = FILLER + " " + text
        query = ParsedQuery.parse(rng.choice(_QUERIES))
        for normalized in (None, normalize(text)):
            if excerpt(text, query, normalized) != word_by_word(text, query):
                differ.append((text, query))
    assert differ == []
