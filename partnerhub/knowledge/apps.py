from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "partnerhub.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge: lessons learned and best practices"
