from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "ravabet.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers municipalities and departments)
