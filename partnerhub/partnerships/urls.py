from django.urls import path

from partnerhub.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/dates/", views.partnership_dates, name="dates"),
    path("<int:pk>/status/", views.partnership_transition, name="transition"),
    path("<int:pk>/partners/", views.partner_add, name="partner_add"),
    path("<int:pk>/partners/<int:partner_pk>/remove/", views.partner_remove, name="partner_remove"),
    path("<int:pk>/contributions/", views.contribution_add, name="contribution_add"),
    path("<int:pk>/agreement/", views.agreement_upload, name="agreement_upload"),
    path("<int:pk>/agreement/file/", views.agreement_download, name="agreement_download"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path(
        "<int:pk>/documents/<int:document_pk>/file/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/publish/",
        views.document_publish,
        name="document_publish",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/remove/",
        views.contribution_remove,
        name="contribution_remove",
    ),
]
