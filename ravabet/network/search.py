from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import Department, Municipality


@register
class MunicipalitySource(Source):
    kind = "network.municipality"
    label = _("Municipality")
    model = Municipality

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


@register
class DepartmentSource(Source):
    kind = "network.department"
    label = _("Department")
    model = Department

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
