from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "partnerhub.notifications"
    label = "notifications"
    verbose_name = "Notifications"
