"""The calculator's codes in words (no database)."""

from __future__ import annotations

from partnerhub.appraisals.calculator import Message
from partnerhub.appraisals.wording import words


def test_conditions_name_the_drivers_that_failed_or_cannot_be_checked():
    text = words(
        Message("recommend_conditions", {"failed": ["leverage_ratio"], "unknown": ["risk"]})
    )
    assert text == (
        "Proceed with conditions. Below the threshold: Leverage ratio. "
        "Cannot be checked: Screening risk."
    )
    assert words(Message("recommend_conditions", {"failed": [], "unknown": ["strategic_fit"]})) == (
        "Proceed with conditions. Cannot be checked: Strategic fit."
    )


def test_risk_ratings_read_as_the_screening_names_them():
    text = words({"code": "risk_fail", "params": {"value": "substantial", "maximum": "moderate"}})
    assert text == (
        "The screening rated the partners' risk substantial, above the highest acceptable "
        "(moderate)."
    )


def test_sdg_fit_names_the_goals_and_where_the_entitys_come_from():
    text = words(
        Message(
            "fit_sdgs",
            {"shared": [2, 17], "shared_count": 2, "count": 3, "share": "0.67", "source": "tagged"},
        )
    )
    assert text == (
        "2 of the partnership's 3 SDGs are among the SDGs read from the entity's mandate "
        "(SDG 2, SDG 17): 0.67."
    )


def test_an_unknown_code_reads_as_itself():
    assert words(Message("something_new")) == "something_new"
