"""RSS 2.0 and Atom feeds of published news, per municipality and for a network."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from ravabet.network.models import Municipality, Network

from .models import NewsItem

FEED_SIZE = 30


class _NewsFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "fa"

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary

    def item_link(self, item: NewsItem) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: NewsItem) -> str:
        return self.request.build_absolute_uri(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsItem) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return _("%(name)s Municipality PR office") % {"name": item.municipality.name}

    def item_categories(self, item: NewsItem) -> list[str]:
        return [item.get_category_display(), *item.tag_list]

    def _photo(self, item: NewsItem):  # type: ignore[no-untyped-def]
        photos = list(item.photos.all())
        return photos[0] if photos and photos[0].feed else None

    def item_enclosure_url(self, item: NewsItem) -> str | None:
        photo = self._photo(item)
        return self.request.build_absolute_uri(photo.feed_url) if photo else None

    def item_enclosure_length(self, item: NewsItem) -> int | None:
        photo = self._photo(item)
        try:
            return photo.feed.size if photo else None
        except OSError:
            return 0

    def item_enclosure_mime_type(self, item: NewsItem) -> str | None:
        return "image/jpeg" if self._photo(item) else None

    def __call__(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.request = request
        return super().__call__(request, *args, **kwargs)


class MunicipalityRSS(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Municipality:  # type: ignore[override]
        return get_object_or_404(Municipality, slug=slug)

    def title(self, obj: Municipality) -> str:
        return _("News of %(name)s Municipality") % {"name": obj.name}

    def link(self, obj: Municipality) -> str:
        return reverse("newsroom:public-list", args=[obj.slug])

    def description(self, obj: Municipality) -> str:
        return _("News and press releases of the %(name)s Municipality PR office.") % {
            "name": obj.name
        }

    def items(self, obj: Municipality):  # type: ignore[no-untyped-def]
        return (
            NewsItem.objects.published()
            .of_municipality(obj)
            .with_people()
            .prefetch_related("photos")
            .public_order()[:FEED_SIZE]
        )


class MunicipalityAtom(MunicipalityRSS):
    feed_type = Atom1Feed
    subtitle = MunicipalityRSS.description


class NetworkRSS(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Network:  # type: ignore[override]
        return get_object_or_404(Network, slug=slug)

    def title(self, obj: Network) -> str:
        return _("News of %(name)s") % {"name": obj.name}

    def link(self, obj: Network) -> str:
        return reverse("newsroom:network-list", args=[obj.slug])

    def description(self, obj: Network) -> str:
        return _("News of the network's member municipalities.")

    def items(self, obj: Network):  # type: ignore[no-untyped-def]
        return (
            NewsItem.objects.published()
            .of_network(obj)
            .with_people()
            .prefetch_related("photos")
            .public_order()[:FEED_SIZE]
        )


class NetworkAtom(NetworkRSS):
    feed_type = Atom1Feed
    subtitle = NetworkRSS.description
