from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import Experience


@register
class ExperienceSource(Source):
    kind = "experience.experience"
    label = _("Shared experience")
    audiences = frozenset({Audience.NETWORK})
    model = Experience

    def document(self, obj: Experience) -> Document:
        return Document(
            title=obj.title,
            body=" ".join([obj.problem, obj.action, obj.result, obj.tags, obj.municipality.name]),
            url=obj.get_absolute_url(),
            audience=Audience.NETWORK,
            network=obj.network,
            date=obj.created_at,
        )

    def records(self) -> QuerySet[Experience]:
        return Experience.objects.select_related("municipality", "network")
