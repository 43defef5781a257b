"""Any two revisions side by side, word by word, escaped; an older one restored."""

from __future__ import annotations

from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.diffing import word_diff
from ravabet.newsroom.models import Revision

from .conftest import make_item


def test_word_diff_marks_changed_words_and_escapes():
    old, new = word_diff("پل عابر <b>قدیمی</b> بازگشایی شد", "پل عابر <b>نو</b> بازگشایی شد")
    assert "<del>&lt;b&gt;قدیمی&lt;/b&gt;</del>" in old
    assert "<ins>&lt;b&gt;نو&lt;/b&gt;</ins>" in new
    assert old.startswith("پل عابر ")


def test_compare_page_shows_both_sides(client_for, rudsar_head, rudsar_reporter, rudsar):
    item = make_item(rudsar, rudsar_reporter, title="تیتر نخست")
    item.title = "تیتر <script>alert(1)</script> دوم"
    item.body = "<p>متن تازه</p>"
    save_news_item(item, rudsar_head)
    page = client_for(rudsar_head).get(f"/office/news/{item.pk}/revisions/").content.decode()
    assert "<del>نخست</del>" in page
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; دوم</ins>" in page
    assert "<script>alert(1)" not in page
    assert "<ins>تازه</ins>" in page or "<ins>متن تازه</ins>" in page


def test_any_two_revisions_and_restore(client_for, rudsar_reporter, rudsar):
    item = make_item(rudsar, rudsar_reporter, title="یک")
    for title in ("دو", "سه"):
        item.title = title
        save_news_item(item, rudsar_reporter)
    client = client_for(rudsar_reporter)
    page = client.get(f"/office/news/{item.pk}/revisions/?a=1&b=3").content.decode()
    assert "<del>یک</del>" in page and "<ins>سه</ins>" in page
    assert client.get(f"/office/news/{item.pk}/revisions/?a=1&b=9").status_code == 404
    response = client.post(f"/office/news/{item.pk}/revisions/1/restore/", follow=True)
    assert "بازگردانده شد" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "یک"
    assert list(Revision.objects.filter(item=item).values_list("number", "title")) == [
        (4, "یک"),
        (3, "سه"),
        (2, "دو"),
        (1, "یک"),
    ]


def test_a_manager_cannot_restore(client_for, lahijan_manager, lahijan, lahijan_head):
    item = make_item(lahijan, lahijan_head)
    assert (
        client_for(lahijan_manager).post(f"/office/news/{item.pk}/revisions/1/restore/").status_code
        == 403
    )
