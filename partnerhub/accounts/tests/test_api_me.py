from __future__ import annotations

from partnerhub.accounts.services import api_token_create, api_token_revoke


def test_it_requires_a_token(client, db):
    response = client.get("/api/accounts/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_rejects_a_bad_token(client, db):
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION="Bearer ph_wrong")
    assert response.status_code == 401


def test_it_answers_with_the_tokens_user(client, focal_point):
    _token, secret = api_token_create(user=focal_point, name="t")
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "focal@wfp.example"
    assert body["memberships"] == [
        {"role": "focal_point", "un_entity": "WFP", "organisation_id": None, "country": None}
    ]


def test_a_revoked_token_gets_401(client, focal_point):
    token, secret = api_token_create(user=focal_point, name="t")
    api_token_revoke(token=token, actor=focal_point)
    assert client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
