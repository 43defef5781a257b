from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Shown, Source, register

from .models import Department, Municipality

if TYPE_CHECKING:
    from ravabet.search.models import SearchEntry


@register
class MunicipalitySource(Source):
    kind = "network.municipality"
    label = _("Municipality")
    model = Municipality
    audiences = frozenset({Audience.PUBLIC})

    def document(self, obj: Municipality) -> Document:
        return Document(
            title=obj.name,
            body=" ".join(
                part for part in (obj.name_en, obj.county, obj.province, obj.about) if part
            ),
            url=obj.get_absolute_url(),
            audience=Audience.PUBLIC,
            municipality=obj,
        )

    def shown(self, entries: Sequence[SearchEntry]) -> dict[int, Shown]:
        # The indexed body starts with the English name (so that it is found): on the page
        # the name is the reader's language's, and the excerpt is the text about the city.
        by_id = Municipality.objects.in_bulk([entry.object_id for entry in entries])
        shown = {}
        for entry in entries:
            municipality = by_id.get(entry.object_id)
            if municipality is not None:
                shown[entry.pk] = Shown(municipality.display_name, municipality.about)
        return shown


@register
class DepartmentSource(Source):
    kind = "network.department"
    label = _("Department")
    model = Department
    audiences = frozenset({Audience.PUBLIC})

    def document(self, obj: Department) -> Document | None:
        if not obj.is_active:
            return None
        return Document(
            title=f"{obj.name} — {obj.municipality.name}",
            body=obj.name_en,
            url=obj.municipality.get_absolute_url(),
            audience=Audience.PUBLIC,
            municipality=obj.municipality,
        )

    def records(self):  # type: ignore[no-untyped-def]
        return Department.objects.select_related("municipality")

    def shown(self, entries: Sequence[SearchEntry]) -> dict[int, Shown]:
        # The indexed body is the English name, for English queries; as an excerpt on a
        # Persian page it reads as a stray slug. A department is shown by what it is.
        by_id = Department.objects.select_related("municipality").in_bulk(
            [entry.object_id for entry in entries]
        )
        shown = {}
        for entry in entries:
            department = by_id.get(entry.object_id)
            if department is None:
                continue
            municipality = department.municipality.display_name
            shown[entry.pk] = Shown(
                f"{department.display_name} — {municipality}",
                gettext(
                    "A department of the municipality of %(municipality)s: citizens' "
                    "messages about its work are routed to it."
                )
                % {"municipality": municipality},
            )
        return shown
