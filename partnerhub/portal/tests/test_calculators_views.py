"""The calculators' pages: GET forms with shareable addresses, field errors for bad input
(never a 500), results with their explanation, anonymous access and Arabic."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _get(client, name, **query):
    return client.get(reverse(f"portal:{name}"), query)


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "focal_point"])
@pytest.mark.parametrize(
    "name", ["calculators", "calculator_cause_marketing", "calculator_feedback"]
)
def test_it_opens_every_calculator_to_everyone(as_role, role, name):
    _, client = as_role(role)
    response = _get(client, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Result" not in page


def test_it_shows_the_empty_form_with_defaults(client):
    page = _get(client, "calculator_feedback").content.decode()
    assert 'value="0.25"' in page
    assert "Assumption:" in page
    assert "A/66/320" in page
    assert '<option value="USD" selected>' in page
    for field in ("id_item_cost", "id_meal_cost", "id_times", "id_currency", "id_item"):
        assert f'for="{field}"' in page


def test_it_computes_cause_marketing_from_the_address(client):
    response = _get(
        client,
        "calculator_cause_marketing",
        currency="EUR",
        donation_per_unit="0.005",
        volume="10000",
        cap="4000",
        minimum="1000",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The company gives 1,000.00 EUR." in page
    assert "the minimum applies" in page
    assert "min(max(0.005 × 10,000; 1,000.00); 4,000.00)" in page
    assert "from 200,000 units sold" in page
    assert "from 800,000 units sold" in page


def test_it_says_when_the_cap_applies(client):
    page = _get(
        client,
        "calculator_cause_marketing",
        currency="USD",
        donation_per_unit="1",
        volume="500",
        cap="100",
    ).content.decode()
    assert "The company gives 100.00 USD." in page
    assert "the cap applies" in page


def test_it_refuses_a_cap_below_the_minimum_on_the_cap_field(client):
    response = _get(
        client,
        "calculator_cause_marketing",
        currency="USD",
        donation_per_unit="1",
        volume="10",
        cap="100",
        minimum="500",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_cap_error"' in page
    assert "The cap is below the minimum guarantee" in page
    assert "The company gives" not in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"donation_per_unit": "abc", "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "0", "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "-2", "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "NaN", "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "1e400", "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "9" * 40, "volume": "10"}, "donation_per_unit"),
        ({"donation_per_unit": "1", "volume": "-1"}, "volume"),
        ({"donation_per_unit": "1", "volume": "2.5"}, "volume"),
        ({"donation_per_unit": "1", "volume": "9" * 30}, "volume"),
        ({"donation_per_unit": "1", "volume": ""}, "volume"),
        ({"donation_per_unit": "1", "volume": "1", "cap": "0"}, "cap"),
        ({"donation_per_unit": "1", "volume": "1", "minimum": "-1"}, "minimum"),
        ({"donation_per_unit": "1", "volume": "1", "currency": "XXXX"}, "currency"),
    ],
)
def test_it_puts_bad_cause_marketing_input_on_its_field(client, query, field):
    response = _get(client, "calculator_cause_marketing", **query)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert 'aria-invalid="true"' in page


def test_it_computes_feedback_from_the_address(client):
    response = _get(
        client,
        "calculator_feedback",
        item="a pizza",
        item_cost="3.80",
        times="3",
        currency="USD",
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The meal cost defaults to the stated assumption, 0.25: 11.40 / 0.25 = 45.6.
    assert "11.40 USD, the cost of a pizza, pays for 45 meals." in page
    assert "3.80 × 3 = 11.40; 11.40 ÷ 0.25 = 45.6 → 45" in page
    assert "0.15 USD is left over" in page


def test_it_escapes_the_item(client):
    page = _get(
        client, "calculator_feedback", item="<script>x</script>", item_cost="1", meal_cost="0.5"
    ).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"item_cost": "lots"}, "item_cost"),
        ({"item_cost": "0"}, "item_cost"),
        ({"item_cost": "1", "meal_cost": "0"}, "meal_cost"),
        ({"item_cost": "1", "meal_cost": "-0.25"}, "meal_cost"),
        ({"item_cost": "1", "times": "0"}, "times"),
        ({"item_cost": "1", "times": "100000"}, "times"),
        ({"item_cost": "1", "item": "x" * 200}, "item"),
    ],
)
def test_it_puts_bad_feedback_input_on_its_field(client, query, field):
    response = _get(client, "calculator_feedback", **query)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()


def test_it_offers_the_active_currencies(client):
    page = _get(client, "calculator_cause_marketing").content.decode()
    assert '<option value="EUR">EUR — Euro</option>' in page
    assert '<option value="JPY">' in page


def test_it_serves_the_calculators_in_arabic(client):
    client.cookies["django_language"] = "ar"
    page = _get(
        client, "calculator_feedback", item_cost="1", meal_cost="0.25", currency="EGP"
    ).content.decode()
    assert 'dir="rtl"' in page
    assert '<html lang="ar"' in page
    # The formula reads left to right inside the right-to-left page.
    assert '<code dir="ltr"' in page
    assert "1.00 ÷ 0.25 = 4.0 → 4" in page


def test_feedback_meal_cost_left_empty_takes_the_stated_assumption(client):
    response = client.get(
        reverse("portal:calculator_feedback"), {"item_cost": "10", "meal_cost": "", "times": "1"}
    )
    assert response.status_code == 200
    assert response.context["result"].meals == 40  # 10 / 0.25
