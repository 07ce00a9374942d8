from __future__ import annotations

import factory
from django.utils import timezone

from partnerhub.newsletter.models import Issue, Subscriber
from partnerhub.newsletter.sections import make_item


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"
    status = Subscriber.Status.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
    consent_source = "test"


def sample_sections():
    return [
        {
            "key": "partnerships",
            "items": [
                make_item(title="Trucks for the Sahel", summary="WFP and a haulier.", url="/p/1/"),
                make_item(title="Cold chain in Kenya", summary="Vaccines.", url="/p/2/"),
            ],
        },
        {"key": "needs", "items": [make_item(title="Agronomy training", url="/n/1/")]},
        {"key": "news", "items": []},
    ]


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    quarter = factory.Sequence(lambda n: f"{2000 + n}-Q4")
    slug = factory.LazyAttribute(lambda o: o.quarter.lower())
    subject = factory.LazyAttribute(lambda o: f"partnerhub quarterly newsletter, {o.quarter}")
    introduction = "Welcome to this quarter's news."
    sections = factory.LazyFunction(sample_sections)
    status = Issue.Status.DRAFT
