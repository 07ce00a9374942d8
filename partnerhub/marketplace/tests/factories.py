from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.marketplace.models import Interest, Need, Offer, OfferRoute, SavedSearch
from partnerhub.marketplace.workdays import add_working_days
from partnerhub.organisations.tests.factories import OrganisationFactory


class _ListingFactory(factory.django.DjangoModelFactory):
    """`resource_types=["logistics"]`, `sdgs=[2]`, `countries=["KE"]`, `regions=["014"]`:
    primary keys of the vocabulary terms."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    description = "Trucks and warehouse space for emergency food response in East Africa."

    @factory.post_generation
    def resource_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.resource_types.set(extracted)

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdgs.set(extracted)

    @factory.post_generation
    def sdg_targets(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdg_targets.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class NeedFactory(_ListingFactory):
    class Meta:
        model = Need

    entity = factory.SubFactory(UNEntityFactory)
    title = factory.Sequence(lambda n: f"Need {n}: emergency logistics")
    status = Need.Status.OPEN
    visibility = "public"
    published_at = factory.LazyFunction(timezone.now)


class OfferFactory(_ListingFactory):
    class Meta:
        model = Offer

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Offer {n}: trucks and warehouses")
    status = Offer.Status.SUBMITTED
    published_at = factory.LazyFunction(timezone.now)


class OfferRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferRoute

    offer = factory.SubFactory(OfferFactory)
    entity = factory.SubFactory(UNEntityFactory)
    rank = 1
    score = 0.5
    reasons = factory.LazyFunction(lambda: ["SDGs in common: 2"])
    received_at = factory.LazyFunction(timezone.now)
    acknowledge_due_at = factory.LazyAttribute(lambda o: add_working_days(o.received_at, 10))


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    direction = Interest.Direction.COMPANY_TO_NEED
    need = factory.SubFactory(NeedFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    entity = factory.LazyAttribute(lambda o: o.need.entity)
    message = "We can help with this."


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    kind = SavedSearch.Kind.NEEDS
    name = factory.Sequence(lambda n: f"Search {n}")
    query = factory.LazyFunction(lambda: {"q": "logistics"})
    alerts = True


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
