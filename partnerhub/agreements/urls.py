from django.urls import path

from partnerhub.agreements import views

app_name = "agreements"
urlpatterns = [
    path("agreements/", views.agreement_list, name="list"),
    path("agreements/templates/", views.template_library, name="templates"),
    path("agreements/templates/upload/", views.template_upload, name="template_upload"),
    path(
        "agreements/templates/<int:pk>/reinstate/",
        views.template_reinstate,
        name="template_reinstate",
    ),
    path("agreements/report/", views.signature_report, name="report"),
    path("agreements/<int:pk>/", views.agreement_detail, name="detail"),
    path("agreements/<int:pk>/files/<str:which>/", views.agreement_file, name="file"),
    path("agreements/<int:pk>/transition/", views.agreement_transition, name="transition"),
    path("agreements/<int:pk>/deviations/", views.deviation_add, name="deviation_add"),
    path(
        "agreements/<int:pk>/deviations/<int:deviation_pk>/remove/",
        views.deviation_remove,
        name="deviation_remove",
    ),
    path("partnerships/<int:pk>/agreement/new/", views.agreement_generate, name="generate"),
]
