from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "partnerhub.vocabularies"
    label = "vocabularies"
    verbose_name = "Vocabularies"
