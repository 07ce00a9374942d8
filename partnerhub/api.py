"""The REST API root: /api/, OpenAPI at /api/openapi.json, docs at /api/docs.

Every error a client can cause answers with a 4xx and a body {"detail": ...}.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from partnerhub.accounts.api import router as accounts_router
from partnerhub.agreements.api import router as agreements_router
from partnerhub.appraisals.api import router as appraisals_router
from partnerhub.coordination.api import router as coordination_router
from partnerhub.dashboards.api import router as dashboards_router
from partnerhub.entities.api import router as entities_router
from partnerhub.initiatives.api import router as initiatives_router
from partnerhub.knowledge.api import router as knowledge_router
from partnerhub.marketplace.api import router as marketplace_router
from partnerhub.opendata.api import router as opendata_router
from partnerhub.organisations.api import router as organisations_router
from partnerhub.partnerships.api import router as partnerships_router
from partnerhub.results.api import router as results_router
from partnerhub.screening.api import router as screening_router
from partnerhub.vocabularies.api import router as vocabularies_router

api = NinjaAPI(
    title="partnerhub API",
    version="1",
    description=(
        "Open data and integration API of partnerhub. Reads are public unless noted; writes "
        "need a personal token (Authorization: Bearer <token>), created on your dashboard."
    ),
    urls_namespace="api",
)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = {"detail": _messages(exc)}
    if hasattr(exc, "error_dict"):
        body["errors"] = {
            field: [str(m) for error in msgs for m in error.messages]
            for field, msgs in exc.error_dict.items()
        }  # type: ignore[assignment]
    return api.create_response(request, body, status=400)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', []))}: {error.get('msg', 'invalid')}"
        for error in exc.errors
    )
    return api.create_response(
        request, {"detail": f"Invalid request: {problems}", "errors": exc.errors}, status=422
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or "You are not allowed to do this."}, status=403
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Authentication required: send Authorization: Bearer <token>."},
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("/vocabularies", vocabularies_router)
api.add_router("/entities", entities_router)
api.add_router("/organisations", organisations_router)
api.add_router("/accounts", accounts_router)
api.add_router("/screening", screening_router)
api.add_router("/marketplace", marketplace_router)
api.add_router("/partnerships", partnerships_router)
api.add_router("/partnerships", appraisals_router)
api.add_router("/dashboards", dashboards_router)
api.add_router("/coordination", coordination_router)
api.add_router("/results", results_router)
api.add_router("/open-data", opendata_router)
# Initiatives, commitments and events: /api/initiatives, /api/commitments, /api/events.
api.add_router("", initiatives_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/agreements", agreements_router)
