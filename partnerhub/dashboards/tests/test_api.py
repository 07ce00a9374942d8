"""GET /api/dashboards/{system, entity/<slug>, country/<iso2>}: the figures as JSON, for UN staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnerhub.accounts.services import api_token_create
from partnerhub.dashboards.tables import TABLES


def _get(user: Any, path: str, **params: Any) -> Any:
    headers: dict[str, Any] = {}
    if user is not None:
        _token, secret = api_token_create(user=user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return Client().get(f"/api/dashboards{path}", params, **headers)


def _figures(response: Any) -> dict[str, Any]:
    return {figure["name"]: figure for figure in response.json()["figures"]}


def test_anonymous_needs_a_token(db):
    response = _get(None, "/system")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("role", ["plain_user", "company_rep"])
@pytest.mark.parametrize("path", ["/system", "/entity/wfp", "/country/SD"])
def test_people_outside_the_un_are_refused(request, entity, role, path):
    response = _get(request.getfixturevalue(role), path)
    assert response.status_code == 403
    assert response.json() == {"detail": "Dashboards are open to UN staff."}


def test_the_system_figures(focal_point, world):
    response = _get(focal_point, "/system")
    assert response.status_code == 200
    body = response.json()
    assert (body["scope"], body["entity"], body["country"]) == ("system", None, None)
    figures = _figures(response)
    assert list(figures) == list(TABLES)
    # Hand computations in test_selectors.py.
    assert figures["kpis_at_design"]["rows"][-1] == {
        "entity": "Total",
        "counted": 2,
        "eligible": 5,
        "percent": 40.0,
    }
    assert figures["leverage"]["rows"] == [
        {"currency": "EUR", "partner_total": "2000.00", "un_total": "1000.00", "leverage": "2.00"},
        {"currency": "USD", "partner_total": "1600.00", "un_total": "300.00", "leverage": "5.33"},
    ]
    assert figures["evaluated"]["definition"].startswith("Partnerships with at least one")
    assert figures["overdue_reports"]["columns"][0] == {
        "key": "partnership",
        "header": "Partnership",
    }
    assert isinstance(figures["overdue_reports"]["rows"][0]["due_on"], str)


def test_an_entity_and_a_country(focal_point, world):
    figures = _figures(_get(focal_point, "/entity/unhcr"))
    assert sum(r["partnerships"] for r in figures["by_state"]["rows"]) == 2
    response = _get(focal_point, "/country/sd")
    assert response.json()["country"] == "SD"
    assert sum(r["partnerships"] for r in _figures(response)["by_state"]["rows"]) == 3


def test_years(coordinator, world):
    figures = _figures(_get(coordinator, "/system", year_from=2023, year_to=2024))
    assert sum(r["partnerships"] for r in figures["by_state"]["rows"]) == 2


def test_bad_years_are_refused_with_a_reason(coordinator, world):
    response = _get(coordinator, "/system", year_from=2025, year_to=2020)
    assert response.status_code == 400
    assert response.json()["detail"] == "year_from must not come after year_to."
    response = _get(coordinator, "/system", year_from=1800)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_unknown_entity_or_country(coordinator):
    response = _get(coordinator, "/entity/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "No UN entity with the slug 'nope'."}
    assert _get(coordinator, "/country/ZZ").status_code == 404


@pytest.mark.parametrize("path", ["/system", "/entity/wfp", "/country/ke"])
def test_query_count_does_not_grow_with_partnerships(focal_point, entity, other_entity, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerhub.dashboards.tests.conftest import grow_partnerships

    _get(focal_point, path)
    grow_partnerships(entity, other_entity, 1)
    with CaptureQueriesContext(connection) as one:
        assert _get(focal_point, path).status_code == 200
    grow_partnerships(entity, other_entity, 49)
    with CaptureQueriesContext(connection) as fifty:
        response = _get(focal_point, path)
    assert sum(r["partnerships"] for r in _figures(response)["by_state"]["rows"]) == 50
    assert len(fifty) == len(one)
