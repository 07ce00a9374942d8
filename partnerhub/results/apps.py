from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "partnerhub.results"
    label = "results"
    verbose_name = "Results: KPIs, progress reports and evaluations"
