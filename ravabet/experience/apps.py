from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "ravabet.experience"
    verbose_name = _("Shared experience")
