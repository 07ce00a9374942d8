from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerhub.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
