"""The arithmetic, computed by hand. Plain Python: no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from partnerhub.appraisals.calculator import (
    CalculationError,
    ContributionIn,
    FitIn,
    Inputs,
    Recommendation,
    Thresholds,
    calculate,
    keywords,
    strategic_fit,
)

RATES = {"P4": D("850"), "G6": D("400")}


def partner(kind, amount, currency="USD", who="Trucks for Good Ltd"):
    return ContributionIn(who, kind, D(amount), currency, by_un=False)


def un(kind, amount, currency="USD", who="WFP"):
    return ContributionIn(who, kind, D(amount), currency, by_un=True)


FOOD_FIT = FitIn(
    partnership_sdgs=frozenset({2, 9, 17}),
    entity_sdgs=frozenset({1, 2, 17}),
    partnership_text="Trucks and warehouse space for emergency food response in East Africa",
    mandate_text="Saving lives in emergencies through food assistance and emergency response",
)


def full_case(**changes):
    values = {
        "staff_days": {"P4": D(20), "G6": D(10)},
        "rates": RATES,
        "legal_admin_costs": D(4000),
        "cofinancing": D(5000),
        "contributions": [
            un("cash", 10000),
            partner("cash", 50000),
            partner("in_kind", 30000),
            partner("pro_bono_hours", 100, currency=""),
        ],
        "people_reached": 1000,
        "fit": FOOD_FIT,
        "risk_rating": "low",
        "thresholds": Thresholds(pro_bono_hour_value_usd=D(50)),
    }
    values.update(changes)
    return Inputs(**values)


def test_it_computes_every_figure_of_a_full_case():
    result = calculate(full_case())
    # 20 × 850 + 10 × 400
    assert [(line.grade, line.cost) for line in result.staff_lines] == [
        ("G6", D("4000.00")),
        ("P4", D("17000.00")),
    ]
    assert result.staff_cost == D("21000.00")
    # 21,000 + 4,000 legal/admin + 5,000 co-financing
    assert result.total_un_cost == D("30000.00")
    # + 10,000 WFP cash
    assert result.un_resources == D("40000.00")
    # 50,000 cash + 30,000 in kind + 100 h × 50
    assert result.pro_bono_value == D("5000.00")
    assert result.total_partner_value == D("85000.00")
    # 85,000 / 40,000 = 2.125, rounded half up
    assert result.leverage_ratio == D("2.13")
    # 85,000 / 30,000 = 2.8333…
    assert result.benefit_cost_ratio == D("2.83")
    # 40,000 / 1,000 people
    assert result.cost_per_person_reached == D("40.00")
    # SDGs: 2 and 17 of 3 → 0.67; shared keywords emergency, food, response: 3 of 5 → 0.60;
    # mean 0.635 → 0.64
    assert result.strategic_fit == D("0.64")
    assert [d.passed for d in result.drivers] == [True, True, True, True]
    assert result.recommendation == Recommendation.PROCEED
    assert result.notes == []


def test_it_explains_the_strategic_fit():
    fit, parts = strategic_fit(FOOD_FIT)
    assert fit == D("0.64")
    sdgs, mandate = parts
    assert sdgs.code == "fit_sdgs"
    assert sdgs.params["shared"] == [2, 17]
    assert mandate.code == "fit_mandate"
    assert mandate.params["words"] == ["emergency", "food", "response"]


def test_generic_words_do_not_count_as_fit():
    assert keywords("Partnership with the private sector to support people") == set()


def test_zero_un_resources_leaves_the_ratios_undefined_with_a_reason():
    result = calculate(
        full_case(
            staff_days={},
            legal_admin_costs=D(0),
            cofinancing=D(0),
            contributions=[partner("cash", 1000)],
        )
    )
    assert result.un_resources == 0
    assert result.leverage_ratio is None
    assert result.benefit_cost_ratio is None
    leverage, benefit_cost, _fit, _risk = result.drivers
    assert leverage.passed is None
    assert leverage.message.code == "leverage_ratio_no_un_resources"
    assert benefit_cost.message.code == "benefit_cost_ratio_no_costs"
    assert result.cost_per_person_reached == D("0.00")
    assert result.recommendation == Recommendation.PROCEED_WITH_CONDITIONS
    assert result.recommendation_reason.params["unknown"] == [
        "leverage_ratio",
        "benefit_cost_ratio",
    ]


def test_a_grade_without_a_rate_is_an_error_naming_it():
    with pytest.raises(CalculationError) as raised:
        calculate(full_case(staff_days={"P4": D(1), "P5": D(3), "d1": D(1)}))
    assert raised.value.code == "unknown_grades"
    assert raised.value.params["grades"] == ["D1", "P5"]
    assert raised.value.params["known"] == ["G6", "P4"]


def test_grades_are_matched_whatever_their_case_and_spacing():
    result = calculate(full_case(staff_days={" p4 ": D("1.5")}))
    assert result.staff_cost == D("1275.00")  # 1.5 × 850


def test_risk_above_the_threshold_means_do_not_proceed_whatever_the_ratios():
    result = calculate(full_case(risk_rating="substantial"))
    risk = result.drivers[-1]
    assert (risk.value, risk.threshold, risk.passed) == ("substantial", "≤ moderate", False)
    assert result.leverage_ratio == D("2.13")
    assert result.recommendation == Recommendation.DO_NOT_PROCEED
    assert result.recommendation_reason.code == "recommend_risk_too_high"


def test_risk_at_the_threshold_passes():
    result = calculate(full_case(risk_rating="moderate"))
    assert result.drivers[-1].passed is True


def test_no_screening_rating_cannot_be_checked():
    result = calculate(full_case(risk_rating=None))
    assert result.drivers[-1].passed is None
    assert result.recommendation == Recommendation.PROCEED_WITH_CONDITIONS


def test_non_usd_contributions_are_listed_and_left_out():
    result = calculate(
        full_case(
            contributions=[
                partner("cash", 1000, "EUR"),
                partner("cash", 500),
                partner("in_kind", 200, "usd"),
                un("cash", 300, "CHF"),
            ],
        )
    )
    assert result.total_partner_value == D("700.00")
    assert result.un_contributions == 0
    assert [(c.amount, c.currency) for c in result.not_converted] == [
        (D(1000), "EUR"),
        (D(300), "CHF"),
    ]
    [note] = [n for n in result.notes if n.code == "not_converted"]
    assert note.params["items"] == ["Trucks for Good Ltd: 1000 EUR", "WFP: 300 CHF"]
    # 700 / 30,000 = 0.0233…
    assert result.benefit_cost_ratio == D("0.02")


def test_both_ratios_below_their_minimums_means_do_not_proceed():
    result = calculate(
        full_case(
            staff_days={"P4": D(10)},
            legal_admin_costs=D(1500),
            cofinancing=D(0),
            contributions=[partner("cash", 5000)],
        )
    )
    # 5,000 / (8,500 + 1,500)
    assert result.leverage_ratio == D("0.50")
    assert result.benefit_cost_ratio == D("0.50")
    assert result.recommendation == Recommendation.DO_NOT_PROCEED
    assert result.recommendation_reason.code == "recommend_costs_exceed_benefits"


def test_only_leverage_below_its_minimum_means_conditions():
    # UN cash of 20,000 pulls leverage under 1 while the benefit–cost ratio stays above it:
    # 85,000 / (30,000 + 60,000) = 0.944… ; 85,000 / 30,000 = 2.83
    result = calculate(
        full_case(
            contributions=[
                un("cash", 60000),
                partner("cash", 50000),
                partner("in_kind", 30000),
                partner("pro_bono_hours", 100, currency=""),
            ]
        )
    )
    assert result.leverage_ratio == D("0.94")
    assert [d.passed for d in result.drivers] == [False, True, True, True]
    assert result.recommendation == Recommendation.PROCEED_WITH_CONDITIONS
    assert result.recommendation_reason.params["failed"] == ["leverage_ratio"]


def test_pro_bono_hours_without_an_hour_value_are_noted_not_valued():
    result = calculate(full_case(thresholds=Thresholds()))
    assert result.pro_bono_hours == D(100)
    assert result.pro_bono_value == 0
    assert result.total_partner_value == D("80000.00")
    assert any(n.code == "pro_bono_not_valued" for n in result.notes)


def test_thresholds_are_the_entitys():
    strict = Thresholds(
        min_leverage_ratio=D(3),
        min_benefit_cost_ratio=D(3),
        min_strategic_fit=D("0.9"),
        max_risk_rating="low",
        pro_bono_hour_value_usd=D(50),
    )
    result = calculate(full_case(thresholds=strict))
    assert [(d.code, d.passed) for d in result.drivers] == [
        ("leverage_ratio", False),
        ("benefit_cost_ratio", False),
        ("strategic_fit", False),
        ("risk", True),
    ]
    assert result.recommendation == Recommendation.DO_NOT_PROCEED


def test_no_people_reached_leaves_the_cost_per_person_undefined():
    result = calculate(full_case(people_reached=None))
    assert result.cost_per_person_reached is None
    assert any(n.code == "no_people_reached" for n in result.notes)


def test_fit_without_sdgs_or_mandate_cannot_be_checked():
    result = calculate(full_case(fit=FitIn()))
    assert result.strategic_fit is None
    assert [m.code for m in result.fit_parts] == ["fit_no_partnership_sdgs", "fit_no_mandate"]
    assert result.drivers[2].passed is None


def test_fit_from_sdgs_alone():
    fit, _parts = strategic_fit(FitIn(partnership_sdgs=frozenset({2}), entity_sdgs=frozenset({2})))
    assert fit == D("1.00")


@pytest.mark.parametrize(
    "changes",
    [
        {"legal_admin_costs": D(-1)},
        {"cofinancing": D("-0.01")},
        {"staff_days": {"P4": D(-2)}},
    ],
)
def test_negative_numbers_are_refused(changes):
    with pytest.raises(CalculationError) as raised:
        calculate(full_case(**changes))
    assert raised.value.code == "negative"


def test_an_unknown_risk_rating_is_an_error():
    with pytest.raises(CalculationError) as raised:
        calculate(full_case(risk_rating="medium-rare"))
    assert raised.value.code == "unknown_risk_rating"


def test_the_result_is_json_ready():
    figures = calculate(full_case()).as_dict()
    assert figures["leverage_ratio"] == "2.13"
    assert figures["recommendation"] == "proceed"
    assert figures["drivers"][0]["message"]["code"] == "leverage_ratio_pass"
