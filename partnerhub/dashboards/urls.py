from django.urls import path

from partnerhub.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.system, name="system"),
    path("entity/", views.entity_default, name="entity_default"),
    path("entity/<slug:slug>/", views.entity, name="entity"),
    path("country/", views.country_default, name="country_default"),
    path("country/<str:iso2>/", views.country, name="country"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
]
