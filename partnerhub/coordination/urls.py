from django.urls import path

from partnerhub.coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
