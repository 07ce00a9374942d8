from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from partnerhub.api import api


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API paths answer like the API does, not with an HTML page."""
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


urlpatterns = [
    path("", include("partnerhub.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("partnerhub.accounts.urls")),
    path("entities/", include("partnerhub.entities.urls")),
    path("organisations/", include("partnerhub.organisations.urls")),
    path("vocabularies/", include("partnerhub.vocabularies.urls")),
    path("screening/", include("partnerhub.screening.urls")),
    path("marketplace/", include("partnerhub.marketplace.urls")),
    path("partnerships/", include("partnerhub.partnerships.urls")),
    path("results/", include("partnerhub.results.urls")),
    path("knowledge/", include("partnerhub.knowledge.urls")),
    path("", include("partnerhub.appraisals.urls")),
    path("", include("partnerhub.agreements.urls")),
    path("dashboards/", include("partnerhub.dashboards.urls")),
    path("coordination/", include("partnerhub.coordination.urls")),
    path("notifications/", include("partnerhub.notifications.urls")),
    path("search/", include("partnerhub.search.urls")),
    path("", include("partnerhub.portal.urls")),
    path("open-data/", include("partnerhub.opendata.urls")),
    path("newsletter/", include("partnerhub.newsletter.urls")),
    path("", include("partnerhub.initiatives.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", RedirectView.as_view(url="/api/docs", permanent=False)),
    path("api/", api.urls),
    re_path(r"^api/.*$", api_not_found),
    path("django-admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "partnerhub/favicon.svg", permanent=True),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
