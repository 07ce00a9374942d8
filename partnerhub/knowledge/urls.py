from django.urls import path

from partnerhub.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/export.csv", views.lesson_export, name="lesson_export"),
    path("lessons/new/", views.lesson_create, name="lesson_create"),
    path("lessons/related/", views.related_lessons, name="related_lessons"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/file/", views.lesson_file, name="lesson_file"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
]
