from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "ravabet.newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the news source)
