"""The project's URLs with the initiatives router mounted on an API of the tests' own, as
partnerhub/api.py mounts it (at the root, with the project's error handlers), so that its
tests run whether or not the main API has been wired yet."""

from __future__ import annotations

from django.urls import include, path
from ninja import NinjaAPI

from partnerhub.api import api as main_api
from partnerhub.initiatives.api import router

test_api = NinjaAPI(urls_namespace="initiatives_test")
for exception, handler in main_api._exception_handlers.items():
    test_api.add_exception_handler(exception, handler)
test_api.add_router("", router)

urlpatterns = [
    path("api/", test_api.urls),
    path("", include("partnerhub.urls")),
]
