from __future__ import annotations

import pytest

from partnerhub.accounts.services import api_token_create


def auth(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_requires_a_token(client, db):
    response = client.get("/api/screening/screenings")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_companies_are_refused(client, company_rep):
    response = client.get("/api/screening/screenings", **auth(company_rep))
    assert response.status_code == 403


def test_request_review_decide(client, un_new, listed_company, screening_officer, entity):
    headers = auth(screening_officer)
    created = client.post(
        "/api/screening/screenings",
        {"organisation_id": listed_company.pk, "entity": "WFP"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["rating"] == "substantial"
    assert any(h["list_ref"] == "IRe.002" for h in body["hits"])
    again = client.post(
        "/api/screening/screenings",
        {"organisation_id": listed_company.pk, "entity": "WFP"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 200
    for hit in body["hits"]:
        reviewed = client.post(
            f"/api/screening/hits/{hit['id']}/review",
            {"review": "dismissed", "reason": "Different company"},
            content_type="application/json",
            **headers,
        )
        assert reviewed.status_code == 200
    decided = client.post(
        f"/api/screening/screenings/{body['id']}/decision",
        {"decision": "approve", "reason": "Dismissed"},
        content_type="application/json",
        **headers,
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "completed"
    listed = client.get(f"/api/screening/screenings?organisation_id={listed_company.pk}", **headers)
    assert listed.json()["count"] == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"organisation_id": 999999, "entity": "WFP"}, 404),
        ({"organisation_id": "abc", "entity": "WFP"}, 422),
        ({"entity": "WFP"}, 422),
    ],
)
def test_bad_requests_get_4xx_with_detail(client, un_new, screening_officer, payload, status):
    response = client.post(
        "/api/screening/screenings",
        payload,
        content_type="application/json",
        **auth(screening_officer),
    )
    assert response.status_code == status
    assert "detail" in response.json()


def test_unknown_entity_and_bad_filters(client, un_new, listed_company, screening_officer):
    headers = auth(screening_officer)
    response = client.post(
        "/api/screening/screenings",
        {"organisation_id": listed_company.pk, "entity": "NOPE"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert client.get("/api/screening/screenings?status=weird", **headers).status_code == 400
    assert client.get("/api/screening/screenings/999999", **headers).status_code == 404
    assert client.get("/api/screening/lists", **headers).json()[0]["entry_count"] == 1009


def test_review_with_empty_reason_is_400(client, un_new, listed_company, screening_officer, entity):
    from partnerhub.screening import services

    screening, _ = services.screening_request(
        organisation=listed_company, entity=entity, actor=screening_officer
    )
    hit = screening.hits.first()
    response = client.post(
        f"/api/screening/hits/{hit.pk}/review",
        {"review": "dismissed", "reason": ""},
        content_type="application/json",
        **auth(screening_officer),
    )
    assert response.status_code == 400
    assert (
        "reason" in response.json()["detail"].lower()
        or "Give a reason" in response.json()["detail"]
    )


def test_huge_ids_are_404_not_500(client, un_new, screening_officer):
    headers = auth(screening_officer)
    assert client.get(
        "/api/screening/screenings?organisation_id=99999999999999999999", **headers
    ).status_code in (404, 422)
    response = client.post(
        "/api/screening/screenings",
        {"organisation_id": 99999999999999999999, "entity": "WFP"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422


def test_cannot_request_in_another_entitys_name(client, un_new, clean_company, screening_officer):
    response = client.post(
        "/api/screening/screenings",
        {"organisation_id": clean_company.pk, "entity": "UNHCR"},
        content_type="application/json",
        **auth(screening_officer),
    )
    assert response.status_code in (403, 404)
