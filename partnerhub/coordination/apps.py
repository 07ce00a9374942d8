from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "partnerhub.coordination"
    label = "coordination"
    verbose_name = "Coordination"
