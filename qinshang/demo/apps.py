from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "qinshang.demo"
    verbose_name = "demo data"
