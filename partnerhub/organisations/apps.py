from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "partnerhub.organisations"
    label = "organisations"
    verbose_name = "Organisations"
