from django.urls import path

from partnerhub.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("iati/activities.xml", views.iati_activities, name="iati_activities"),
    path("<slug:dataset>.csv", views.download_csv, name="download_csv"),
    path("<slug:dataset>.json", views.download_json, name="download_json"),
]
