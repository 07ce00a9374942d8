from __future__ import annotations

import datetime

import factory

from partnerhub.initiatives.models import Commitment, Deliverable, Event, Initiative


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zero Hunger Logistics Alliance {n}")
    slug = factory.Sequence(lambda n: f"zero-hunger-{n}")
    description = "Companies and UN entities moving food faster to where it is needed."
    provenance = "Test data"
    status = "published"

    @factory.post_generation
    def convening_entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.convening_entities.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Logistics forum {n}")
    kind = Event.Kind.FORUM
    starts_on = datetime.date(2026, 3, 10)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    country_id = "KE"
    description = "A forum with a private-sector track."
    status = "published"

    @factory.post_generation
    def organising_entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.organising_entities.set(extracted)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Trucks for school meals {n}")
    description = "Free transport of school meals."
    made_on = datetime.date(2025, 1, 15)
    status = "published"

    @factory.post_generation
    def deliverables(self, create, extracted, **kwargs):
        """`deliverables=2` (default 1) deliverables due a year after the commitment."""
        if create:
            for n in range(extracted if extracted is not None else 1):
                Deliverable.objects.create(
                    commitment=self,
                    description=f"Deliverable {n + 1}",
                    due_on=self.made_on + datetime.timedelta(days=365 + n),
                )
