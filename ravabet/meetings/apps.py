from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ravabet.meetings"
    verbose_name = _("Meetings and resolutions")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the search source)
