from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "partnerhub.search"
    label = "search"
    verbose_name = "Full-text search"
