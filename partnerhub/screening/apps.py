from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "partnerhub.screening"
    label = "screening"
    verbose_name = "Due diligence screening"
