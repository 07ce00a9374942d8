from django.urls import path

from partnerhub.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.index, name="index"),
    path("lists/", views.lists, name="lists"),
    path("lists/imports/", views.imports_status, name="imports_status"),
    path("lists/versions/<int:pk>/", views.list_version, name="list_version"),
    path("criteria/", views.criteria, name="criteria"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("batch/", views.batch, name="batch"),
    path("batch/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/results.csv", views.batch_download, name="batch_download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/cosign/", views.cosign, name="cosign"),
    path("hits/<int:pk>/review/", views.hit_review, name="hit_review"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
