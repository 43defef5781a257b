from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ravabet.lib.persian import to_persian_digits
from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import Message


@register
class MessageSource(Source):
    """Found only by the municipality's PR office, and never by its contact details."""

    kind = "voice.message"
    label = _("Citizen's message")
    audiences = frozenset({Audience.PR})
    model = Message

    def document(self, obj: Message) -> Document:
        code = to_persian_digits(obj.spoken_code)  # the index is one language's: Persian
        return Document(
            title=f"{code} — {obj.get_kind_display()} — {obj.category.name}",
            body=f"{obj.code} {obj.text} {obj.address}",
            url=obj.get_office_url(),
            audience=Audience.PR,
            municipality=obj.municipality,
            date=obj.received_at,
        )

    def records(self):  # type: ignore[no-untyped-def]
        return Message.objects.with_related()
