from __future__ import annotations

import pytest

from partnerhub.marketplace.tests.api_helpers import Api

pytestmark = pytest.mark.django_db

TEXT = (
    "Drought-resistant seeds and training for smallholder farmers to end hunger and improve "
    "food security and nutrition."
)


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
def test_it_suggests_goals_with_evidence(as_role, role):
    user, _client = as_role(role)
    response = Api(user).post("/sdg-suggestions", {"text": TEXT})
    assert response.status_code == 200, response.content
    suggestions = response.json()
    assert suggestions[0]["goal"] == 2
    assert suggestions[0]["evidence"]
    assert {"goal", "score", "evidence", "targets"} <= set(suggestions[0])
    for target in suggestions[0]["targets"]:
        assert target["code"].startswith("2.")


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"text": "   "}, 400, "Give the text to analyse."),
        ({"text": "food " * 4001}, 400, "the limit is 20,000"),
        ({"text": 12}, 422, "text"),
        ({}, 422, "text"),
    ],
)
def test_bad_text_is_4xx(db, body, status, detail):
    response = Api(None).post("/sdg-suggestions", body)
    assert response.status_code == status
    assert detail in response.json()["detail"]


def test_a_bad_token_is_refused(db):
    api = Api(None)
    api.headers["HTTP_AUTHORIZATION"] = "Bearer nonsense"
    assert api.post("/sdg-suggestions", {"text": TEXT}).status_code == 401
