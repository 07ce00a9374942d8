from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "partnerhub.initiatives"
    label = "initiatives"
    verbose_name = "Multi-stakeholder initiatives, commitments and events"

    def ready(self) -> None:
        from partnerhub.initiatives.datasets import register_datasets
        from partnerhub.initiatives.search import register_search_kinds

        register_datasets()
        register_search_kinds()
