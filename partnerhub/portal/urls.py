from django.urls import include, path

from partnerhub.portal import views

app_name = "portal"
urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/<int:pk>/", views.partnership, name="partnership"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:iso2>/", views.country, name="country"),
    path("countries/<str:iso2>/edit/", views.country_edit, name="country_edit"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/screening-criteria/", views.screening_criteria, name="screening_criteria"),
    path("calculators/", include("partnerhub.portal.calculator_urls")),
]
