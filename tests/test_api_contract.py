"""The API's OpenAPI document and its error bodies."""

from __future__ import annotations


def test_openapi_document_is_served(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "partnerhub API"
    assert "/api/vocabularies/sdgs" in document["paths"]
    assert "/api/entities" in document["paths"] or "/api/entities/" in document["paths"]


def test_docs_page_is_served(client, db):
    assert client.get("/api/docs").status_code == 200


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "No API endpoint at /api/no-such-thing."}


def test_api_root_points_to_the_docs(client, db):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"


def test_docs_use_local_files_not_a_cdn(client, db):
    assert b"cdn.jsdelivr" not in client.get("/api/docs").content
