"""The office dashboard panel and deleting drafts."""

from __future__ import annotations

from django.template.loader import render_to_string

from ravabet.newsroom.actions import submit_for_review
from ravabet.newsroom.models import NewsItem, Photo
from ravabet.newsroom.panel import panel

from .conftest import make_item, make_published


def test_panel_shows_waiting_published_and_failures(
    rudsar, rudsar_reporter, rudsar_head, django_assert_max_num_queries
):
    waiting = make_item(rudsar, rudsar_reporter, title="منتظر تأیید مدیر")
    submit_for_review(waiting, rudsar_reporter)
    make_published(rudsar, rudsar_reporter, rudsar_head, title="تازه منتشرشده")
    with django_assert_max_num_queries(6):
        data = panel(rudsar_head, rudsar)
        html = render_to_string(
            "newsroom/_office_panel.html", {"municipality": rudsar, "data": data}
        )
    assert "در انتظار تأیید" in html and "منتظر تأیید مدیر" in html
    assert "تازه منتشرشده" in html
    assert "ارسال‌های ناموفق" not in html


def test_network_panel_shows_members_news(east_gilan, rudsar, rudsar_reporter, rudsar_head):
    make_published(rudsar, rudsar_reporter, rudsar_head, title="خبر عضو شبکه")
    draft = make_item(rudsar, rudsar_reporter, title="پیش‌نویس عضو")
    submit_for_review(draft, rudsar_reporter)
    data = panel(rudsar_head, east_gilan)
    html = render_to_string("newsroom/_office_panel.html", {"network": east_gilan, "data": data})
    assert "خبر عضو شبکه" in html
    assert "پیش‌نویس عضو" not in html  # drafts stay in their own office


def test_a_draft_can_be_deleted_with_its_photos_but_not_a_published_item(
    client_for, rudsar_reporter, rudsar_draft, rudsar_published, lahijan_head
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import photo_bytes

    client = client_for(rudsar_reporter)
    client.post(
        f"/office/news/{rudsar_draft.pk}/photos/",
        {"image": SimpleUploadedFile("a.png", photo_bytes("PNG", (40, 40)))},
    )
    photo = Photo.objects.get()
    storage, name = photo.image.storage, str(photo.image.name)
    assert storage.exists(name)
    assert (
        client_for(lahijan_head).post(f"/office/news/{rudsar_draft.pk}/delete/").status_code == 404
    )
    response = client.post(f"/office/news/{rudsar_draft.pk}/delete/", follow=True)
    assert "پیش‌نویس حذف شد" in response.content.decode()
    assert not NewsItem.objects.filter(pk=rudsar_draft.pk).exists()
    assert not storage.exists(name)
    response = client.post(f"/office/news/{rudsar_published.pk}/delete/", follow=True)
    assert "حذف نمی‌شود" in response.content.decode()
    assert NewsItem.objects.filter(pk=rudsar_published.pk).exists()
