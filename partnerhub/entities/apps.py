from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "partnerhub.entities"
    label = "entities"
    verbose_name = "UN entities"
