from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "partnerhub.newsletter"
    label = "newsletter"
    verbose_name = "The quarterly newsletter"
