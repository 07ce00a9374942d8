"""Mounted at the site root: a review lives under its partnership's address."""

from django.urls import path

from partnerhub.appraisals import views

app_name = "appraisals"
urlpatterns = [
    path("partnerships/<int:pk>/cost-benefit/", views.review, name="review"),
    path("partnerships/<int:pk>/cost-benefit/start/", views.start, name="start"),
    path("partnerships/<int:pk>/cost-benefit/preview/", views.preview, name="preview"),
    path("partnerships/<int:pk>/cost-benefit/complete/", views.complete, name="complete"),
    path("partnerships/<int:pk>/cost-benefit/reopen/", views.reopen, name="reopen"),
    path("cost-benefit/rates/", views.settings_page, name="settings"),
    path("cost-benefit/rates/set/", views.rate_set, name="rate_set"),
    path("cost-benefit/thresholds/", views.thresholds_update, name="thresholds_update"),
]
