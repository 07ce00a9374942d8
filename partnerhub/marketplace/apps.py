from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "partnerhub.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"
