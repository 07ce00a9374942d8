from django.urls import path

from partnerhub.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<slug:slug>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<slug:slug>/members/", views.initiative_members, name="initiative_members"),
    path("initiatives/<slug:slug>/status/", views.initiative_status, name="initiative_status"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/report/", views.commitment_report, name="commitment_report"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/status/", views.event_status, name="event_status"),
]
