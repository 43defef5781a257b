"""Two revisions side by side, word by word; everything escaped but our own marks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        was, now = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(was)
            right.append(now)
        else:
            if was:
                left.append(f"<del>{was}</del>")
            if now:
                right.append(f"<ins>{now}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308  (escaped above)
