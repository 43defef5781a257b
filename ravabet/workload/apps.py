from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    name = "ravabet.workload"
    verbose_name = _("Workload evidence")
