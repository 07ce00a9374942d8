from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "partnerhub.opendata"
    label = "opendata"
    verbose_name = "Open data: IATI XML, CSV and JSON downloads"

    def ready(self) -> None:
        from partnerhub.opendata.datasets import register_builtin_datasets

        register_builtin_datasets()
