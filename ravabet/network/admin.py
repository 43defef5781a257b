from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import ImageField, Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ravabet.core.publiccache import public_changed
from ravabet.lib.uploads import check_image
from ravabet.search.actions import remove_object

from .actions import save_department, save_municipality
from .models import Department, Membership, Municipality, Network, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality", "network"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class IndexedAdmin(admin.ModelAdmin):
    """Admin edits keep the search index in step, as the office's own screens do."""

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        remove_object(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            remove_object(obj)
        super().delete_queryset(request, queryset)


LOGO_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_logo(upload: Any) -> None:
    """A new logo is judged by its header: bytes, format, pixels; nothing decoded."""
    check_image(
        upload,
        formats=LOGO_FORMATS,
        max_bytes=settings.LOGO_MAX_BYTES,
        invalid=_("This file is not a JPEG, PNG or WebP image we can read."),
    )


class LogoField(forms.ImageField):
    """Judged by validate_logo before Django's own check opens the image."""

    def to_python(self, data: Any) -> Any:
        if data not in self.empty_values:
            validate_logo(data)
        return super().to_python(data)


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = "__all__"  # noqa: DJ007  (the admin chooses the fields it shows)
        field_classes = {"logo": LogoField}


class _ServedFile:
    """The current file as the widget shows it, linked through the view that serves it."""

    def __init__(self, file: FieldFile, url: str) -> None:
        self.file, self.url = file, url

    def __str__(self) -> str:
        return str(self.file)


class LogoWidget(AdminFileWidget):
    # The media folder is not served: "Currently: …" links to the logo's public view.
    def format_value(self, value: Any) -> Any:
        value = super().format_value(value)
        if isinstance(value, FieldFile) and isinstance(value.instance, Municipality):
            return _ServedFile(value, value.instance.logo_url)
        return value


@admin.register(Municipality)
class MunicipalityAdmin(IndexedAdmin):
    form = MunicipalityForm
    formfield_overrides = {ImageField: {"widget": LogoWidget}}
    list_display = ["name", "name_en", "county", "province", "slug"]
    search_fields = ["name", "name_en", "slug", "county"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [DepartmentInline]

    def save_model(self, request: HttpRequest, obj: Municipality, form: Any, change: bool) -> None:
        save_municipality(obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for department in formset.save(commit=False):
            save_department(department)
        for department in formset.deleted_objects:
            remove_object(department)
            department.delete()


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "province"]
    search_fields = ["name", "name_en", "slug"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name_en"]}

    # A network's name, host or members are on the public pages (core/publiccache.py).
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        public_changed(form.instance)

    def delete_model(self, request: HttpRequest, obj: Network) -> None:
        super().delete_model(request, obj)
        public_changed(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        public_changed()


@admin.register(Department)
class DepartmentAdmin(IndexedAdmin):
    list_display = ["name", "municipality", "is_active"]
    list_filter = ["municipality", "is_active"]
    search_fields = ["name", "name_en"]

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        save_department(obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "network", "title"]
    list_filter = ["role", "municipality", "network"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title"]
    autocomplete_fields = ["user", "municipality", "network"]
