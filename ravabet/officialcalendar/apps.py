from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialCalendarConfig(AppConfig):
    # Not "calendar": the app's package would read as the standard library's module.
    name = "ravabet.officialcalendar"
    label = "officialcalendar"
    verbose_name = _("Official calendar")
