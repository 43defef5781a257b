"""One sanitiser for the rich text people write; each kind of text names its tags."""

from __future__ import annotations

from ravabet.lib.html import ARTICLE_TAGS, sanitize_html

DIRTY = (
    '<h2>عنوان</h2><p onclick="x()">متن <a href="javascript:alert(1)">بد</a> '
    '<a href="https://example.org" title="t" target="_blank">خوب</a></p>'
    "<script>alert(1)</script><hr><h3>بخش</h3>"
)


def test_text_keeps_structure_and_emphasis_only() -> None:
    assert sanitize_html(DIRTY) == "عنوان<p>متن بد خوب</p><h3>بخش</h3>"


def test_an_article_keeps_links_that_lead_to_web_pages() -> None:
    assert sanitize_html(DIRTY, ARTICLE_TAGS) == (
        '<h2>عنوان</h2><p>متن <a rel="noopener noreferrer nofollow">بد</a> '
        '<a href="https://example.org" title="t" rel="noopener noreferrer nofollow">خوب</a>'
        "</p><hr><h3>بخش</h3>"
    )
