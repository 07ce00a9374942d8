from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "partnerhub.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
