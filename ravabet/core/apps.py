from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ravabet.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ravabet.lib import lookups

        lookups.register()
