from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "partnerhub.agreements"
    label = "agreements"
    verbose_name = "Agreements from standard legal templates"
