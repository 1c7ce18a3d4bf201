from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "qinshang.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from qinshang.search.indexes import after_migrate

        # Once per migrate (sent by this app only), after every table exists.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="qinshang.search.indexes")
