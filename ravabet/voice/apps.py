from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "ravabet.voice"
    verbose_name = _("Citizens' voice")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the search source)
