"""One answer to "is the reader's language Persian?" and one way to write their digits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from ravabet.lib.i18n import is_fa, local_digits

LIB = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("lang", "expected"), [("fa", True), ("fa-ir", True), ("FA", True), ("en", False)]
)
def test_is_fa(lang: str, expected: bool) -> None:
    assert is_fa(lang) is expected
    with translation.override(lang):
        assert is_fa() is expected


def test_no_active_language_is_persian() -> None:
    with translation.override(None):
        assert is_fa()


def test_local_digits_writes_the_readers_digits() -> None:
    with translation.override("fa"):
        assert local_digits(1405) == "۱۴۰۵"
        assert local_digits("صفحه 3 از ١٠") == "صفحه ۳ از ۱۰"
        assert local_digits("1.5") == "۱٫۵"
        assert local_digits(12, lang="en") == "12"
    with translation.override("en"):
        assert local_digits("page ۳ of 10") == "page 3 of 10"
        assert local_digits(7, lang="fa") == "۷"


def test_lib_imports_nothing_of_the_project_but_lib() -> None:
    """ravabet/lib holds plain helpers: the apps depend on it, never the other way."""
    for path in LIB.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 1, f"{path.name} reaches out of lib with a relative import"
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("ravabet"):
                    assert name.startswith("ravabet.lib"), f"{path.name} imports {name}"
