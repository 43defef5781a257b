from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import NewsItem, Status

# A search narrows a news list to its newest thousand matches: the lists are newest first.
SEARCH_LIMIT = 1000


@register
class NewsItemSource(Source):
    kind = "newsroom.item"
    label = _("News")
    audiences = frozenset({Audience.PUBLIC, Audience.MUNICIPALITY, Audience.PR})
    model = NewsItem

    def document(self, obj: NewsItem) -> Document | None:
        if obj.status == Status.WITHDRAWN:
            # Gone from public results at once; its office still finds it.
            audience = Audience.PR
            url = obj.get_office_url()
        elif obj.status == Status.PUBLISHED:
            audience = Audience.PUBLIC
            url = obj.get_absolute_url()
        else:
            audience = Audience.MUNICIPALITY
            url = obj.get_office_url()
        return Document(
            title=obj.title,
            body="\n".join(
                part
                for part in (obj.surtitle, obj.lead, obj.body_text, obj.tags, obj.source_agency)
                if part
            ),
            url=url,
            audience=audience,
            municipality=obj.municipality,
            date=obj.published_at or obj.updated_at,
        )

    def records(self):  # type: ignore[no-untyped-def]
        return NewsItem.objects.select_related("municipality")
