from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_returns_one_organisation(client, organisation):
    response = client.get(f"/api/organisations/{organisation.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == organisation.pk
    assert body["legal_name"] == "Trucks for Good Ltd"
    assert body["global_compact_status"] == "not_participant"


def test_an_unknown_id_is_a_404_with_detail(client):
    response = client.get("/api/organisations/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No organisation has the id 999999."}


def test_a_non_numeric_id_is_a_4xx_with_detail(client):
    response = client.get("/api/organisations/abc")
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
