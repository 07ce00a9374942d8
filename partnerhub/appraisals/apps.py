from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "partnerhub.appraisals"
    label = "appraisals"
    verbose_name = "Cost–benefit reviews"
