from django.contrib import admin

from .models import ApiKey, Category, Holiday, VoiceSettings


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "municipality"]
    list_filter = ["municipality"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality", "deadline_days", "is_active"]
    list_filter = ["municipality"]


@admin.register(VoiceSettings)
class VoiceSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "thursday_off", "reopen_days"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "is_active", "created_at"]
    readonly_fields = ["key_hash"]
