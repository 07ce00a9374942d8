from django.urls import path

from partnerhub.vocabularies import views

app_name = "vocabularies"
urlpatterns = [path("sdgs/", views.sdgs, name="sdgs")]
