from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "ravabet.experience"
    verbose_name = _("Shared experience")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the search source)
