"""The marketplace demo set makes journeys 1 and 2 walkable: real records with their sources,
routed offers, and a fictional need/offer pair that match."""

from __future__ import annotations

import pytest

from partnerhub.core.demo import load_demo
from partnerhub.marketplace import engine
from partnerhub.marketplace.models import Need, Offer, OfferRoute


@pytest.fixture
def demo(db):
    load_demo()


def test_every_real_record_names_its_source(demo):
    fictional = "Fictional record in the partnerhub demo data."
    for listing in list(Need.objects.all()) + list(Offer.objects.all()):
        assert listing.provenance or fictional in listing.description


def test_every_submitted_offer_went_somewhere_with_reasons(demo):
    for offer in Offer.objects.filter(status="submitted"):
        routes = list(offer.routes.all())
        assert routes, offer.title
        assert all(route.reasons for route in routes)


def test_the_haulage_offer_reached_wfp_and_was_acknowledged(demo):
    route = OfferRoute.objects.get(
        offer__title__startswith="Refrigerated trucks", entity__acronym="WFP"
    )
    assert route.status == "acknowledged"


def test_the_hibiscus_need_finds_the_hibiscus_offer(demo):
    need = Need.objects.get(title__startswith="Agronomy training for women hibiscus")
    ranked = engine.matching_offers(need)
    assert ranked[0].object.title.startswith("Buying contracts and post-harvest training")
