from django.urls import path

from partnerhub.results import views

app_name = "results"
urlpatterns = [
    path("reports/", views.reports_due, name="reports_due"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("partnerships/<int:pk>/kpis/new/", views.kpi_create, name="kpi_create"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path(
        "partnerships/<int:pk>/evaluations/new/",
        views.evaluation_create,
        name="evaluation_create",
    ),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path(
        "partnerships/<int:pk>/no-evaluation/",
        views.no_evaluation_reason,
        name="no_evaluation_reason",
    ),
]
