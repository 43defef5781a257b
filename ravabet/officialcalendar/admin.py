from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import actions
from .models import Correction


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["kind", "hijri_year", "hijri_month", "date", "title", "network", "recorded_by"]
    list_filter = ["kind", "network"]
    readonly_fields = ["recorded_by", "recorded_at"]

    # Through the actions, so that the site admin's corrections move deadlines too.
    def save_model(self, request: HttpRequest, obj: Correction, form: Any, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user  # type: ignore[assignment]
        actions.save_correction(obj)

    def delete_model(self, request: HttpRequest, obj: Correction) -> None:
        actions.withdraw_correction(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Correction]) -> None:
        for correction in queryset:
            actions.withdraw_correction(correction)
