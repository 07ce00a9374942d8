"""What the calculator is given from the database: rates, thresholds, risk and goals."""

from __future__ import annotations

from decimal import Decimal

from partnerhub.appraisals import selectors
from partnerhub.appraisals.tests.factories import ThresholdsFactory
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.tests.factories import PartnerFactory, screening_of
from partnerhub.screening.models import Screening


def test_the_risk_is_the_worst_partners(partnership, entity):
    other = OrganisationFactory(legal_name="Cold Chain SA")
    PartnerFactory(partnership=partnership, organisation=other)
    screening_of(other, entity)
    Screening.objects.filter(organisation=other).update(rating="substantial")
    rating, sources = selectors.risk_of(partnership)
    assert rating == "substantial"
    assert {s.organisation: s.rating for s in sources} == {
        "Trucks for Good Ltd": "low",
        "Cold Chain SA": "substantial",
    }


def test_an_unscreened_partner_leaves_the_risk_unknown(partnership):
    PartnerFactory(partnership=partnership, organisation=OrganisationFactory())
    rating, _sources = selectors.risk_of(partnership)
    assert rating is None


def test_without_an_sdg_list_the_entitys_goals_are_read_from_its_mandate(entity):
    entity.mandate = "Ending hunger, improving food security and nutrition for the poorest."
    entity.save()
    goals, source = selectors.entity_goals(entity)
    assert source == "tagged"
    assert 2 in goals


def test_the_entitys_own_sdgs_come_first(entity):
    entity.sdgs.set([2, 17])
    entity.mandate = "Climate action"
    entity.save()
    assert selectors.entity_goals(entity) == (frozenset({2, 17}), "entity")


def test_a_full_computation_can_recommend_proceeding(assessment, entity):
    partnership = assessment.partnership
    entity.sdgs.set([2, 17])
    entity.mandate = "Food assistance and logistics in emergency response."
    entity.save()
    partnership.sdgs.set([2])
    ThresholdsFactory(entity=entity, min_strategic_fit="0.5", pro_bono_hour_value_usd=40)
    computation = selectors.compute(partnership, selectors.Values.of(assessment))
    result = computation.result
    assert computation.error is None and result is not None
    # SDG 2 of {2}: 1.00. Title and summary share emergency, food, logistics and response
    # with the mandate: 4 of 5 → 0.80. Mean 0.90.
    assert result.strategic_fit == Decimal("0.90")
    assert result.fit_parts[1].params["words"] == ["emergency", "food", "logistic", "response"]
    assert [d.passed for d in result.drivers] == [True, True, True, True]
    assert result.recommendation == "proceed"
    figures = computation.figures()
    assert figures["thresholds_used"]["owner"] == "WFP"
    assert figures["thresholds_used"]["min_strategic_fit"] == "0.50"
    assert figures["risk_sources"][0]["rating"] == "low"
