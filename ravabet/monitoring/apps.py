from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ravabet.monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the mentions' search source)
