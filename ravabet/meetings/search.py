from __future__ import annotations

from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import Meeting, MeetingStatus


@register
class ApprovedMinutesSource(Source):
    """Approved minutes: found by the network's members (or the office's staff)."""

    kind = "meetings.minutes"
    label = _("Meeting minutes")
    audiences = frozenset({Audience.NETWORK, Audience.MUNICIPALITY})
    model = Meeting

    def document(self, obj: Meeting) -> Document | None:
        if obj.status != MeetingStatus.APPROVED:
            return None
        parts: list[str] = [obj.occasion, obj.place]
        for item in obj.agenda.prefetch_related("statements"):
            parts.append(item.title)
            parts.append(strip_tags(item.minutes))
            parts.extend(f"{s.speaker} {s.text}" for s in item.statements.all())
        parts.extend(r.text for r in obj.resolutions.all())
        return Document(
            title=obj.title,
            body=" ".join(p for p in parts if p),
            url=obj.get_absolute_url(),
            audience=Audience.NETWORK if obj.network_id else Audience.MUNICIPALITY,
            municipality=obj.municipality,
            network=obj.network,
            date=obj.starts_at,
        )

    def records(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(status=MeetingStatus.APPROVED).select_related(
            "network", "municipality"
        )
