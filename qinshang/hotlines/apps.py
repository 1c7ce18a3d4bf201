from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlinesConfig(AppConfig):
    name = "qinshang.hotlines"
    verbose_name = _("Service hotlines")
