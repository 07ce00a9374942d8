from django.urls import path

from partnerhub.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "audit/<str:app_label>/<str:model_name>/<str:pk>/",
        views.audit_trail,
        name="audit_trail",
    ),
]
