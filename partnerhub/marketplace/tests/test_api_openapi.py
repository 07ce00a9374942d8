from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/marketplace/needs",
    "/api/marketplace/needs/{need_id}",
    "/api/marketplace/needs/{need_id}/transition",
    "/api/marketplace/needs/{need_id}/matches",
    "/api/marketplace/needs/{need_id}/interests",
    "/api/marketplace/offers",
    "/api/marketplace/offers/{offer_id}",
    "/api/marketplace/offers/{offer_id}/transition",
    "/api/marketplace/offers/{offer_id}/matches",
    "/api/marketplace/offers/{offer_id}/routes",
    "/api/marketplace/offers/{offer_id}/interests",
    "/api/marketplace/interests/{interest_id}/answer",
    "/api/marketplace/interests/{interest_id}/withdraw",
    "/api/marketplace/inbox/{acronym}",
    "/api/marketplace/routes/{route_id}",
    "/api/marketplace/routes/{route_id}/respond",
    "/api/marketplace/routing/suggest",
    "/api/marketplace/routing/response-times",
    "/api/marketplace/sdg-suggestions",
    "/api/marketplace/saved-searches",
    "/api/marketplace/saved-searches/{search_id}",
]


def test_the_openapi_document_describes_the_marketplace(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert [p for p in paths if p.startswith("/api/marketplace/")] == PATHS
    for path in PATHS:
        for method, operation in paths[path].items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert "marketplace" in operation["tags"]
    schemas = response.json()["components"]["schemas"]
    assert {"NeedOut", "OfferDetailOut", "RouteOut", "InterestOut"} <= set(schemas)
