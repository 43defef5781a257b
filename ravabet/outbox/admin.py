from django.contrib import admin
from django.http import HttpRequest

from .models import Send


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    """For the operator to see what is waiting, failing or interrupted. Read-only: a send
    changes only through the outbox's actions (a person's retry is on the app's page)."""

    list_display = ["key", "transport", "target", "status", "attempts", "claimed_at", "sent_at"]
    list_filter = ["status", "transport", "source"]
    search_fields = ["key", "target"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
