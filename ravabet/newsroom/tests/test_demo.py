from __future__ import annotations

import pytest

from ravabet.media import demo as media_demo
from ravabet.media.models import Journalist
from ravabet.network import demo as network_demo
from ravabet.network.models import Municipality
from ravabet.newsroom import demo
from ravabet.newsroom.models import NewsItem, Photo, Revision, Status


@pytest.mark.django_db
def test_demo_loads_news_for_every_municipality_and_is_idempotent(client):
    network_demo.load()
    demo.load()
    media_demo.load()
    counts = (
        NewsItem.objects.count(),
        Photo.objects.count(),
        Revision.objects.count(),
        Journalist.objects.count(),
    )
    for municipality in Municipality.objects.all():
        published = NewsItem.objects.published().of_municipality(municipality)
        assert published.count() >= 4
        assert all(item.photos.exists() for item in published)
    assert NewsItem.objects.filter(status=Status.IN_REVIEW).count() == 3
    assert Journalist.objects.filter(email__endswith="@example.org").count() == counts[3] > 0
    demo.load()
    media_demo.load()
    assert (
        NewsItem.objects.count(),
        Photo.objects.count(),
        Revision.objects.count(),
        Journalist.objects.count(),
    ) == counts
    page = client.get("/m/rudsar/news/").content.decode()
    assert "آغاز عملیات لکه‌گیری و آسفالت معابر اصلی رودسر" in page
    assert client.get("/search/?q=نهال").status_code == 200
