from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "ravabet.outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        # Each app says how its sends are written in its own `sending` module.
        autodiscover_modules("sending")
