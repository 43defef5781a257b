from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ravabet.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ravabet.lib.uploads import limit_pillow

        # Every Pillow use in the process, not only the upload forms.
        limit_pillow(settings.UPLOAD_MAX_IMAGE_PIXELS)

        from ravabet.lib import lookups

        lookups.register()

        from ravabet.core import collation

        collation.register()

        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from ravabet.core import changes

        # Infrastructure, not a model's side effect: every connection's writes give their
        # tables new versions, whoever writes (core/changes.py).
        connection_created.connect(changes.watch, dispatch_uid="ravabet.core.changes")
        request_finished.connect(changes.flush_all, dispatch_uid="ravabet.core.changes")
