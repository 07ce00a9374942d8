"""The calculators' pages; partnerhub/portal/urls.py includes them under "calculators/" in the
portal namespace."""

from django.urls import path

from partnerhub.portal import calculator_views as views

urlpatterns = [
    path("", views.index, name="calculators"),
    path("cause-marketing/", views.cause_marketing, name="calculator_cause_marketing"),
    path("feedback/", views.feedback, name="calculator_feedback"),
]
