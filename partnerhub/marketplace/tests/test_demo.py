"""The marketplace demo set makes journeys 1 and 2 walkable: real records with their sources,
routed offers, and a fictional need/offer pair that match. One test, because loading the demo
takes seconds."""

from __future__ import annotations

from partnerhub.core.demo import load_demo
from partnerhub.marketplace import engine
from partnerhub.marketplace.models import Need, Offer, OfferRoute


def test_the_demo_marketplace_is_walkable(db):
    load_demo()

    # Every record says where it comes from, apart from its own words.
    for listing in list(Need.objects.all()) + list(Offer.objects.all()):
        assert "Fictional" in listing.provenance or "http" in listing.provenance, listing.title
        assert "Fictional" not in listing.description

    # Every submitted offer went somewhere, with reasons.
    for offer in Offer.objects.filter(status="submitted"):
        routes = list(offer.routes.all())
        assert routes, offer.title
        assert all(route.reasons for route in routes)

    # Journey 1: the haulage offer reached WFP, which acknowledged it.
    route = OfferRoute.objects.get(
        offer__title__startswith="Refrigerated trucks", entity__acronym="WFP"
    )
    assert route.status == "acknowledged"

    # Journey 2: the hibiscus need finds the hibiscus offer first.
    need = Need.objects.get(title__startswith="Agronomy training for women hibiscus")
    ranked = engine.matching_offers(need)
    assert ranked[0].object.title.startswith("Buying contracts and post-harvest training")
