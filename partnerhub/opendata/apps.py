from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "partnerhub.opendata"
    label = "opendata"
    verbose_name = "Open data: IATI XML, CSV and JSON downloads"
