from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "qinshang.projects"
    verbose_name = _("Investment projects")
